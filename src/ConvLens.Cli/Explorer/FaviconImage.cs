using SkiaSharp;

namespace ConvLens.Cli.Explorer;

/// <summary>The explorer's icon: a lens over a 3×3 kernel grid, drawn once as a 32×32 PNG (browsers accept PNG at /favicon.ico).</summary>
internal static class FaviconImage
{
    private static readonly Lazy<byte[]> Png = new(Draw);

    /// <summary>The PNG bytes.</summary>
    public static byte[] Bytes => Png.Value;

    private static byte[] Draw()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(32, 32, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var cell = new SKPaint { IsAntialias = true };
            // A 3×3 kernel in greys, the way the kernel figures draw slices.
            byte[] shades = [40, 200, 90, 230, 20, 160, 120, 250, 60];
            for (int i = 0; i < 9; i++)
            {
                cell.Color = new SKColor(shades[i], shades[i], shades[i]);
                canvas.DrawRect(3 + i % 3 * 8, 3 + i / 3 * 8, 8, 8, cell);
            }
            using var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3.5f, Color = new SKColor(0xc0, 0x39, 0x2b) };
            canvas.DrawCircle(17, 17, 10, ring);
            canvas.DrawLine(24.5f, 24.5f, 30, 30, ring);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
