using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>
/// Every decoding path of <see cref="ImageLoader"/> on files the tests write: formats, colour types, bit
/// depths, transparency and Adobe CMYK. Lossless formats must come back exactly.
/// </summary>
public sealed class ImageDecodingTests
{
    private readonly ImageFiles _files = new();

    private static (byte, byte, byte) Colour(int x, int y) => ((byte)(40 * x + 3), (byte)(60 * y + 7), (byte)(250 - 30 * x - 20 * y));

    private static void AssertPixels(RgbImage image, int width, int height, Func<int, int, (byte, byte, byte)> expected, int tolerance = 0)
    {
        Assert.Equal((width, height), (image.Width, image.Height));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = expected(x, y);
                var (ar, ag, ab) = image[x, y];
                Assert.True(Math.Abs(ar - r) <= tolerance && Math.Abs(ag - g) <= tolerance && Math.Abs(ab - b) <= tolerance,
                    $"pixel ({x}, {y}) is ({ar}, {ag}, {ab}), expected ({r}, {g}, {b}) ± {tolerance}");
            }
    }

    [Fact]
    public void RgbPngDecodesExactly()
    {
        var path = _files.Write("rgb.png", SkiaFile.Png(5, 3, SkiaFile.Rgba(5, 3, (x, y) => { var (r, g, b) = Colour(x, y); return (r, g, b, 255); })));
        AssertPixels(ImageLoader.Decode(path), 5, 3, Colour);
    }

    [Fact]
    public void HandWrittenRgbPngDecodesExactly()
    {
        var path = _files.Write("rgb8.png", PngFile.Encode(5, 3, PngFile.Rgb, 8, PngFile.Rgb8Rows(5, 3, Colour)));
        AssertPixels(ImageLoader.Decode(path), 5, 3, Colour);
    }

    [Fact]
    public void GrayscalePngBecomesEqualRgbChannels()
    {
        byte[] gray = [0, 17, 128, 200, 255, 90];
        var path = _files.Write("gray.png", PngFile.Encode(3, 2, PngFile.Gray, 8, gray));
        AssertPixels(ImageLoader.Decode(path), 3, 2, (x, y) => (gray[y * 3 + x], gray[y * 3 + x], gray[y * 3 + x]));
    }

    [Fact]
    public void SixteenBitRgbPngBecomesEightBit()
    {
        // Samples chosen across the range, including ones that are not multiples of 257.
        ushort[] samples = [0, 65535, 32896, 0x1234, 0xABCD, 0x00FF, 0xFF00, 0x8000, 0x7FFF, 257 * 200, 1000, 60000];
        var rows = samples.SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray(); // big-endian
        var path = _files.Write("rgb16.png", PngFile.Encode(2, 2, PngFile.Rgb, 16, rows));
        var image = ImageLoader.Decode(path);
        // 16 → 8 bits is v/257; decoders differ only in rounding or truncating that quotient: ±1.
        AssertPixels(image, 2, 2, (x, y) =>
        {
            int i = (y * 2 + x) * 3;
            return ((byte)Math.Round(samples[i] / 257.0), (byte)Math.Round(samples[i + 1] / 257.0), (byte)Math.Round(samples[i + 2] / 257.0));
        }, tolerance: 1);
    }

    [Fact]
    public void SixteenBitGrayscalePngBecomesEightBitRgb()
    {
        ushort[] samples = [0, 65535, 257 * 77, 0x9ABC];
        var rows = samples.SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray();
        var path = _files.Write("gray16.png", PngFile.Encode(2, 2, PngFile.Gray, 16, rows));
        // As above: rounding or truncating v/257 may differ by 1.
        AssertPixels(ImageLoader.Decode(path), 2, 2, (x, y) =>
        {
            var v = (byte)Math.Round(samples[y * 2 + x] / 257.0);
            return (v, v, v);
        }, tolerance: 1);
    }

    [Fact]
    public void PalettePngWithTransparencyDecodesAndCompositesOverWhite()
    {
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        byte[] alpha = [255, 255, 255, 0]; // entry 3 is fully transparent
        // 2-bit indices, 4 pixels per byte: row 0 = 0,1,2,3 and row 1 = 3,2,1,0.
        byte[] rows = [0b00_01_10_11, 0b11_10_01_00];
        var path = _files.Write("palette.png", PngFile.Encode(4, 2, PngFile.Palette, 2, rows, palette, alpha));
        (byte, byte, byte)[] colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)];
        AssertPixels(ImageLoader.Decode(path), 4, 2, (x, y) => colours[y == 0 ? x : 3 - x]);
        var dropped = ImageLoader.Decode(path, new ImageLoadOptions { Alpha = AlphaHandling.Drop });
        Assert.Equal(((byte)10, (byte)20, (byte)30), dropped[3, 0]);
    }

    [Fact]
    public void GrayAlphaPngCompositesOverWhite()
    {
        byte[] rows = [0, 255, 0, 0, 100, 128, 200, 255];
        var path = _files.Write("gray-alpha.png", PngFile.Encode(4, 1, PngFile.GrayAlpha, 8, rows));
        var image = ImageLoader.Decode(path);
        Assert.Equal(((byte)0, (byte)0, (byte)0), image[0, 0]);       // opaque black
        Assert.Equal(((byte)255, (byte)255, (byte)255), image[1, 0]); // transparent: white background
        Assert.Equal(((byte)200, (byte)200, (byte)200), image[3, 0]);
        // 100 at alpha 128 over white: (100·128 + 255·127) / 255 = 177.2.
        Assert.Equal(((byte)177, (byte)177, (byte)177), image[2, 0]);
    }

    [Fact]
    public void RgbaPngCompositesOverWhiteByDefaultAndCanDropAlpha()
    {
        (byte R, byte G, byte B, byte A)[] pixels = [(200, 100, 0, 255), (0, 0, 0, 0), (200, 100, 50, 128), (10, 250, 90, 64)];
        var path = _files.Write("rgba.png", SkiaFile.Png(4, 1, SkiaFile.Rgba(4, 1, (x, _) => pixels[x])));
        var composited = ImageLoader.Decode(path);
        var dropped = ImageLoader.Decode(path, new ImageLoadOptions { Alpha = AlphaHandling.Drop });
        for (int x = 0; x < 4; x++)
        {
            var p = pixels[x];
            static double Over(byte v, byte a) => (v * a + 255.0 * (255 - a)) / 255;
            // The blend is exact integer arithmetic; ±1 allows for rounding a .5 either way.
            var (r, g, b) = composited[x, 0];
            Assert.InRange(r - Over(p.R, p.A), -1, 1);
            Assert.InRange(g - Over(p.G, p.A), -1, 1);
            Assert.InRange(b - Over(p.B, p.A), -1, 1);
            Assert.Equal((p.R, p.G, p.B), dropped[x, 0]);
        }
        Assert.Equal(((byte)255, (byte)255, (byte)255), composited[1, 0]);
    }

    [Fact]
    public void JpegDecodesCloseToTheEncodedColours()
    {
        // Flat 8x8-aligned blocks at quality 100 without chroma subsampling: only the YCbCr round trip loses
        // anything, a couple of levels at most; 3 is the tolerance.
        var rgba = SkiaFile.Rgba(16, 16, (x, y) => { var (r, g, b) = Colour(x / 8, y / 8); return (r, g, b, 255); });
        var path = _files.Write("colour.jpg", SkiaFile.Jpeg(16, 16, rgba, quality: 100));
        AssertPixels(ImageLoader.Decode(path), 16, 16, (x, y) => Colour(x / 8, y / 8), tolerance: 3);
    }

    [Fact]
    public void GrayscaleJpegBecomesEqualRgbChannels()
    {
        byte[] values = [30, 130, 230, 80];
        var path = _files.Write("gray.jpg", JpegFile.EncodeFlatBlocks(2, 2, 1, (bx, by, _) => values[by * 2 + bx]));
        AssertPixels(ImageLoader.Decode(path), 16, 16, (x, y) => { var v = values[y / 8 * 2 + x / 8]; return (v, v, v); });
    }

    [Fact]
    public void AdobeCmykJpegBecomesTheRightRgb()
    {
        // Ink amounts (C, M, Y, K) per block and the colour each must look like.
        (byte C, byte M, byte Y, byte K)[] inks =
        [
            (0, 0, 0, 0),       // paper: white
            (255, 0, 0, 0),     // cyan
            (0, 255, 255, 0),   // magenta + yellow: red
            (0, 0, 0, 255),     // black
            (0, 255, 0, 0),     // magenta
            (128, 64, 32, 100), // a mixed colour
        ];
        // Adobe CMYK JPEGs store inverted ink (255 − ink), as Photoshop writes them.
        var path = _files.Write("cmyk.jpg", JpegFile.EncodeFlatBlocks(3, 2, 4, (bx, by, c) =>
        {
            var ink = inks[by * 3 + bx];
            return (byte)(255 - c switch { 0 => ink.C, 1 => ink.M, 2 => ink.Y, _ => ink.K });
        }));
        // Without a colour profile, each channel is what its ink and black leave of the paper:
        // R = (255 − C)(255 − K)/255, likewise G with M and B with Y. ±1 allows for the rounding of that quotient.
        AssertPixels(ImageLoader.Decode(path), 24, 16, (x, y) =>
        {
            var ink = inks[y / 8 * 3 + x / 8];
            byte Channel(byte i) => (byte)Math.Round((255 - i) * (255 - ink.K) / 255.0);
            return (Channel(ink.C), Channel(ink.M), Channel(ink.Y));
        }, tolerance: 1);
    }

    [Fact]
    public void LosslessWebpDecodesExactlyAndCompositesAlpha()
    {
        var rgba = SkiaFile.Rgba(5, 3, (x, y) => { var (r, g, b) = Colour(x, y); return (r, g, b, (byte)(x == 4 ? 0 : 255)); });
        var path = _files.Write("image.webp", SkiaFile.WebpLossless(5, 3, rgba));
        AssertPixels(ImageLoader.Decode(path), 5, 3, (x, y) => x == 4 ? ((byte)255, (byte)255, (byte)255) : Colour(x, y));
    }

    [Fact]
    public void BmpDecodesExactly()
    {
        // Width 5 makes each 15-byte row need one byte of padding.
        var path = _files.Write("image.bmp", BmpFile.Encode(5, 3, Colour));
        AssertPixels(ImageLoader.Decode(path), 5, 3, Colour);
    }

    [Fact]
    public void GifDecodesItsFirstFrame()
    {
        (byte, byte, byte)[] palette = [(0, 0, 0), (255, 0, 0), (0, 128, 255), (250, 250, 10)];
        byte[] first = [1, 2, 3, 0, 3, 2, 1, 0, 1, 1, 2, 2];
        byte[] second = [.. first.Select(i => (byte)(3 - i))];
        var path = _files.Write("animated.gif", GifFile.Encode(4, 3, palette, first, second));
        AssertPixels(ImageLoader.Decode(path), 4, 3, (x, y) => palette[first[y * 4 + x]]);
    }

    [Fact]
    public void ImageFromMemoryDecodesLikeTheFile()
    {
        var bytes = BmpFile.Encode(4, 2, Colour);
        AssertPixels(ImageLoader.Decode(bytes, "memory.bmp"), 4, 2, Colour);
    }
}
