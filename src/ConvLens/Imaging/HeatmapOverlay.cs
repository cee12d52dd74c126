namespace ConvLens.Imaging;

/// <summary>
/// Lays a 2-D map (an activation or attribution map, any grid size) over a picture at the picture's own
/// size: the map is resized bilinearly with <see cref="BilinearZoom"/> onto the region of the picture the
/// model saw, coloured through a colormap over a value range (the map's minimum to maximum unless given,
/// as matplotlib's <c>imshow</c>), and blended with the picture: <c>(1 − α)·image + α·colour</c>.
/// A flat map takes the colormap's first colour everywhere; NaN values leave the picture untouched.
/// </summary>
public static class HeatmapOverlay
{
    /// <summary>
    /// The picture with <paramref name="values"/> (<paramref name="height"/> × <paramref name="width"/>,
    /// row-major) blended over it; the result has the picture's size.
    /// </summary>
    /// <param name="image">The picture, at its original size.</param>
    /// <param name="values">The map.</param>
    /// <param name="height">Rows of the map.</param>
    /// <param name="width">Columns of the map.</param>
    /// <param name="style">Colormap, alpha and value range.</param>
    /// <param name="region">
    /// The rectangle of the picture the map covers (what the model saw of it, see <see cref="RegionFor"/>);
    /// null means the whole picture.
    /// </param>
    public static RgbImage Blend(RgbImage image, ReadOnlySpan<float> values, int height, int width, HeatmapOverlayStyle? style = null,
        (int X, int Y, int Width, int Height)? region = null)
    {
        style ??= new HeatmapOverlayStyle();
        style.Validate();
        var (rx, ry, rw, rh) = region ?? (0, 0, image.Width, image.Height);
        if (rw < 1 || rh < 1 || rx < 0 || ry < 0 || rx + rw > image.Width || ry + rh > image.Height)
            throw new ArgumentException($"region ({rx}, {ry}, {rw} × {rh}) is not inside the {image.Width} × {image.Height} image", nameof(region));
        var (min, max) = Range(values, style);
        var resized = BilinearZoom.Resize(values, height, width, rh, rw);
        var pixels = (byte[])image.Pixels.Clone();
        double alpha = style.Alpha, scale = max > min ? 1 / (max - min) : 0;
        var colormap = style.Colormap;
        for (int y = 0; y < rh; y++)
            for (int x = 0; x < rw; x++)
            {
                float v = resized[y * rw + x];
                if (float.IsNaN(v)) continue;
                var (r, g, b) = colormap.Color((v - min) * scale);
                int p = 3 * ((ry + y) * image.Width + rx + x);
                pixels[p] = Mix(pixels[p], r, alpha);
                pixels[p + 1] = Mix(pixels[p + 1], g, alpha);
                pixels[p + 2] = Mix(pixels[p + 2], b, alpha);
            }
        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>
    /// The value range the colours span: the style's bounds where given, else the finite minimum and
    /// maximum of <paramref name="values"/> (0 to 0 when there are none).
    /// </summary>
    public static (double Minimum, double Maximum) Range(ReadOnlySpan<float> values, HeatmapOverlayStyle style)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        if (style.Minimum is null || style.Maximum is null)
            foreach (var v in values)
            {
                if (!float.IsFinite(v)) continue;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        if (double.IsInfinity(min)) (min, max) = (0, 0);
        return (style.Minimum ?? min, style.Maximum ?? max);
    }

    /// <summary>
    /// The rectangle of a picture that an image loaded with <paramref name="mode"/> at
    /// <paramref name="inputWidth"/> × <paramref name="inputHeight"/> shows the model, in whole pixels: the
    /// whole picture when stretched, the centred crop otherwise.
    /// </summary>
    public static (int X, int Y, int Width, int Height) RegionFor(RgbImage image, int inputWidth, int inputHeight, ResizeMode mode)
    {
        var (x0, w, y0, h) = ImageResampler.SourceBox(image.Width, image.Height, inputWidth, inputHeight, mode);
        int x = (int)Math.Round(x0), y = (int)Math.Round(y0);
        return (x, y, Math.Clamp((int)Math.Round(w), 1, image.Width - x), Math.Clamp((int)Math.Round(h), 1, image.Height - y));
    }

    private static byte Mix(byte image, byte colour, double alpha) => (byte)Math.Round((1 - alpha) * image + alpha * colour);
}
