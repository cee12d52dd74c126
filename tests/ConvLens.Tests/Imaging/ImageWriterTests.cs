using ConvLens.Imaging;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>PNG output and the image types around it.</summary>
public sealed class ImageWriterTests
{
    private readonly ImageFiles _files = new();

    [Fact]
    public void SavedPngDecodesToTheSamePixelsAndLeavesNoTemporaryFile()
    {
        var pixels = Enumerable.Range(0, 7 * 5 * 3).Select(i => (byte)(i * 37)).ToArray();
        var image = new RgbImage(7, 5, pixels);
        var path = Path.Combine(_files.Folder, "sub", "figure.png");
        ImageWriter.SavePng(image, path);
        Assert.Equal(pixels, ImageLoader.Decode(path).Pixels);
        Assert.Equal(["figure.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void SavingReplacesAnExistingFile()
    {
        var path = Path.Combine(_files.Folder, "figure.png");
        ImageWriter.SavePng(new RgbImage(1, 1, [1, 2, 3]), path);
        ImageWriter.SavePng(new RgbImage(2, 1, [4, 5, 6, 7, 8, 9]), path);
        Assert.Equal([4, 5, 6, 7, 8, 9], ImageLoader.Decode(path).Pixels);
    }

    [Fact]
    public void SkiaBitmapSavesAsPng()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(3, 2, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(new SKColor(10, 200, 30));
        var path = Path.Combine(_files.Folder, "bitmap.png");
        ImageWriter.SavePng(bitmap, path);
        var decoded = ImageLoader.Decode(path);
        Assert.Equal((3, 2), (decoded.Width, decoded.Height));
        Assert.Equal(((byte)10, (byte)200, (byte)30), decoded[2, 1]);
    }

    [Fact]
    public void ChannelMajorFloatsRoundClampAndShowNanAsBlack()
    {
        float[] chw = [-5f, 12.4f, 12.6f, 300f, float.NaN, 0f, 1f, 2f, 3f, 4f, 5f, 6f];
        var image = RgbImage.FromChw(chw, 2, 2);
        // Planes: R = -5, 12.4, 12.6, 300; G = NaN, 0, 1, 2; B = 3, 4, 5, 6.
        Assert.Equal(((byte)0, (byte)0, (byte)3), image[0, 0]);
        Assert.Equal(((byte)12, (byte)0, (byte)4), image[1, 0]);
        Assert.Equal(((byte)13, (byte)1, (byte)5), image[0, 1]);
        Assert.Equal(((byte)255, (byte)2, (byte)6), image[1, 1]);
        Assert.Equal([0f, 12f, 13f, 255f, 0f, 0f, 1f, 2f, 3f, 4f, 5f, 6f], image.ToChw());
    }

    [Fact]
    public void LoadedImagesStackIntoABatch()
    {
        var a = _files.Write("a.bmp", BmpFile.Encode(4, 4, (x, y) => ((byte)x, (byte)y, 9)));
        var b = _files.Write("b.bmp", BmpFile.Encode(8, 2, (x, y) => ((byte)(x + 100), (byte)y, 7)));
        var images = new[] { ImageLoader.Load(a, 4, 4), ImageLoader.Load(b, 4, 4) };
        var batch = LoadedImage.Batch(images);
        Assert.Equal([2, 3, 4, 4], batch.Shape);
        Assert.Equal(images[0].Pixels, batch.Item(0).ToArray());
        Assert.Equal(images[1].Pixels, batch.Item(1).ToArray());
        Assert.Equal("b.bmp", images[1].FileName);
        Assert.Equal((8, 2), (images[1].Original.Width, images[1].Original.Height));
        Assert.Equal([1, 3, 4, 4], images[0].ToTensor().Shape);
    }
}
