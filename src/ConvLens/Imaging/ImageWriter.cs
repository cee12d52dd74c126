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
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("Skia failed to encode a PNG");
        return data.ToArray();
    }

    /// <summary>An RGB image as an opaque Skia bitmap, for drawing into figures.</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        int rowBytes = bitmap.RowBytes;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                int p = 3 * (y * image.Width + x), q = y * rowBytes + 4 * x;
                pixels[q] = rgb[p];
                pixels[q + 1] = rgb[p + 1];
                pixels[q + 2] = rgb[p + 2];
                pixels[q + 3] = 255;
            }
        return bitmap;
    }
}
