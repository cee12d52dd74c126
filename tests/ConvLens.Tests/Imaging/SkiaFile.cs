using System.Runtime.InteropServices;
using SkiaSharp;

namespace ConvLens.Tests.Imaging;

/// <summary>Encodes test pictures with SkiaSharp's own PNG, JPEG and WebP encoders.</summary>
internal static class SkiaFile
{
    /// <summary>An RGBA picture (unpremultiplied) from a per-pixel colour function.</summary>
    public static byte[] Rgba(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> color)
    {
        var rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b, a) = color(x, y);
                int i = (y * width + x) * 4;
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (r, g, b, a);
            }
        return rgba;
    }

    public static byte[] Png(int width, int height, byte[] rgba) =>
        Encode(width, height, rgba, p => p.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)));

    public static byte[] Jpeg(int width, int height, byte[] rgba, int quality = 95) =>
        Encode(width, height, rgba, p => p.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore)));

    public static byte[] WebpLossless(int width, int height, byte[] rgba) =>
        Encode(width, height, rgba, p => p.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100)));

    private static byte[] Encode(int width, int height, byte[] rgba, Func<SKPixmap, SKData?> encode)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject());
            using var data = encode(pixmap) ?? throw new InvalidOperationException("Skia could not encode the test image");
            return data.ToArray();
        }
        finally { handle.Free(); }
    }
}
