using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>
/// Turns the pixels as stored into the picture as meant to be seen, following the EXIF orientation tag
/// (cameras store portrait photos sideways and record how to turn them).
/// </summary>
internal static class ImageOrientation
{
    /// <summary>The displayed image for pixels stored with <paramref name="origin"/> (a copy unless it is already upright).</summary>
    public static RgbImage Apply(RgbImage stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft) return stored;
        int w = stored.Width, h = stored.Height;
        bool swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int outW = swapsAxes ? h : w, outH = swapsAxes ? w : h;
        var source = SourceOf(origin, w, h);
        var pixels = new byte[stored.Pixels.Length];
        for (int y = 0; y < outH; y++)
            for (int x = 0; x < outW; x++)
            {
                var (sx, sy) = source(x, y);
                int from = (sy * w + sx) * 3, to = (y * outW + x) * 3;
                (pixels[to], pixels[to + 1], pixels[to + 2]) = (stored.Pixels[from], stored.Pixels[from + 1], stored.Pixels[from + 2]);
            }
        return new RgbImage(outW, outH, pixels);
    }

    /// <summary>
    /// For each displayed pixel (x, y), the stored pixel it shows. The EXIF names say where the stored
    /// first row and first column end up: RightTop (6) puts the first row on the right, so the image must
    /// turn 90° clockwise.
    /// </summary>
    private static Func<int, int, (int X, int Y)> SourceOf(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => (x, y) => (w - 1 - x, y),             // 2: mirrored left-right
        SKEncodedOrigin.BottomRight => (x, y) => (w - 1 - x, h - 1 - y),  // 3: turned 180°
        SKEncodedOrigin.BottomLeft => (x, y) => (x, h - 1 - y),           // 4: mirrored top-bottom
        SKEncodedOrigin.LeftTop => (x, y) => (y, x),                      // 5: transposed
        SKEncodedOrigin.RightTop => (x, y) => (y, h - 1 - x),             // 6: turn 90° clockwise
        SKEncodedOrigin.RightBottom => (x, y) => (w - 1 - y, h - 1 - x),  // 7: transverse
        SKEncodedOrigin.LeftBottom => (x, y) => (w - 1 - y, x),           // 8: turn 90° counter-clockwise
        _ => (x, y) => (x, y),
    };
}
