using System.Diagnostics;
using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>Files that are not images, or broken ones, give a <see cref="ConvLensException"/> naming the file.</summary>
public sealed class ImageErrorTests
{
    private readonly ImageFiles _files = new();

    private static ConvLensException Refused(string path, ImageLoadOptions? options = null)
    {
        var error = Assert.Throws<ConvLensException>(() => ImageLoader.Decode(path, options));
        Assert.Contains(path, error.Message);
        return error;
    }

    private static byte[] Picture() => SkiaFile.Png(64, 64, SkiaFile.Rgba(64, 64, (x, y) => ((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y), 255)));

    [Fact]
    public void MissingFileIsNamed() => Assert.Contains("does not exist", Refused(Path.Combine(_files.Folder, "nowhere.jpg")).Message);

    [Fact]
    public void FolderIsRefused() => Assert.Contains("folder", Refused(_files.Folder).Message);

    [Fact]
    public void ZeroByteFileIsEmpty() => Assert.Contains("empty (0 bytes)", Refused(_files.Write("empty.png", [])).Message);

    [Fact]
    public void TextFileIsNotAnImageAndShowsItsStart()
    {
        var message = Refused(_files.Write("notes.jpg", "hello, this is not a picture\n"u8.ToArray())).Message;
        Assert.Contains("is not a JPEG, PNG, WebP, BMP or GIF image", message);
        Assert.Contains("hello, this", message);
    }

    [Fact]
    public void UnknownBinaryFormatIsNotAnImage()
    {
        // A TIFF header: a real image format that ConvLens does not read.
        var message = Refused(_files.Write("scan.tif", [0x49, 0x49, 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3])).Message;
        Assert.Contains("is not a JPEG, PNG, WebP, BMP or GIF image", message);
    }

    [Fact]
    public void TruncatedPngIsTruncated()
    {
        var png = Picture();
        Assert.Contains("truncated", Refused(_files.Write("cut.png", png[..(png.Length * 2 / 3)])).Message);
    }

    [Fact]
    public void PngCutInsideItsHeaderIsTruncated()
    {
        var png = Picture();
        Assert.Contains("truncated", Refused(_files.Write("cut-header.png", png[..20])).Message);
    }

    [Fact]
    public void TruncatedJpegIsTruncated()
    {
        var jpeg = SkiaFile.Jpeg(64, 64, SkiaFile.Rgba(64, 64, (x, y) => ((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y), 255)));
        Assert.Contains("truncated", Refused(_files.Write("cut.jpg", jpeg[..(jpeg.Length / 2)])).Message);
    }

    [Fact]
    public void CorruptPngDataIsRefused()
    {
        var png = Picture();
        // Overwrite the middle of the compressed data: the zlib stream no longer decodes.
        int idat = png.AsSpan().IndexOf("IDAT"u8);
        for (int i = idat + 20; i < idat + 60; i++) png[i] ^= 0x5A;
        var message = Refused(_files.Write("corrupt.png", png)).Message;
        Assert.True(message.Contains("corrupt") || message.Contains("truncated"), message);
    }

    [Fact]
    public void DecompressionBombIsRefusedFromItsHeaderBeforeAnyPixelBuffer()
    {
        var path = _files.Write("bomb.png", PngFile.BombHeader(50_000, 50_000));
        Assert.True(new FileInfo(path).Length < 1000, "the bomb itself is tiny");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var message = Refused(path).Message;
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("50000 × 50000", message);
        Assert.Contains("2500 megapixels", message);
        // Decoding would need a 10 GB buffer; refusing from the header allocates next to nothing (1 MB is
        // generous for the file's bytes and the message) and takes no time worth measuring (1 s is generous).
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void PixelLimitIsAnOption()
    {
        var path = _files.Write("normal.png", Picture());
        Assert.Contains("64 × 64", Refused(path, new ImageLoadOptions { MaxPixels = 64 * 63 }).Message);
        Assert.Equal(64, ImageLoader.Decode(path, new ImageLoadOptions { MaxPixels = 64 * 64 }).Width);
    }
}
