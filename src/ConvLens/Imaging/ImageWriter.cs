using System.Runtime.InteropServices;
using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>
/// Saves images as PNG through <see cref="AtomicFile"/>, so an interrupted run never leaves a half-written
/// figure behind.
/// </summary>
public static class ImageWriter
{
    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> as an 8-bit RGB PNG.</summary>
    public static void SavePng(RgbImage image, string path) => AtomicFile.WriteAllBytes(path, EncodePng(image));

    /// <summary>Writes a Skia bitmap (a rendered figure) to <paramref name="path"/> as PNG.</summary>
    /// <exception cref="ConvLensException">Skia cannot encode the bitmap.</exception>
    public static void SavePng(SKBitmap bitmap, string path)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new ConvLensException($"cannot encode a {bitmap.Width} × {bitmap.Height} {bitmap.ColorType} bitmap as PNG for '{path}'");
        AtomicFile.WriteAllBytes(path, data.AsSpan());
    }

    /// <summary>The PNG file bytes of <paramref name="image"/>.</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        int count = image.Width * image.Height;
        var rgba = new byte[count * 4];
        for (int p = 0; p < count; p++)
        {
            rgba[4 * p] = image.Pixels[3 * p];
            rgba[4 * p + 1] = image.Pixels[3 * p + 1];
            rgba[4 * p + 2] = image.Pixels[3 * p + 2];
            rgba[4 * p + 3] = 255;
        }
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject());
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6))
                ?? throw new InvalidOperationException("Skia failed to encode a PNG");
            return data.ToArray();
        }
        finally { handle.Free(); }
    }
}
