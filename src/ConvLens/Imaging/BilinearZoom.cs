namespace ConvLens.Imaging;

/// <summary>
/// Bilinear resizing of a 2-D map as <c>scipy.ndimage.zoom(map, zoom, order=1)</c> computes it: the output
/// has <c>round(size × zoom)</c> rows and columns (Python's round, halves to even), and its corner samples
/// sit exactly on the input's corner samples, so output index <c>i</c> reads input coordinate
/// <c>i · (in − 1) / (out − 1)</c> (0 when either size is 1). Values between two input samples are
/// linear in both directions; computed in double.
/// </summary>
/// <remarks>
/// One deliberate difference: scipy's default <c>mode='constant'</c> can turn the last row or column to 0
/// when floating-point rounding puts its coordinate a hair past the edge (<c>zoom(7×7, 375/7)</c> does);
/// here the coordinate is clamped to the grid, as scipy's <c>mode='nearest'</c> does.
/// </remarks>
public static class BilinearZoom
{
    /// <summary>The output size scipy gives for <paramref name="size"/> zoomed by <paramref name="zoom"/>.</summary>
    public static int OutputSize(int size, double zoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!double.IsFinite(zoom) || zoom <= 0) throw new ArgumentOutOfRangeException(nameof(zoom), zoom, "zoom must be a positive number");
        return (int)Math.Round(size * zoom, MidpointRounding.ToEven);
    }

    /// <summary>
    /// <paramref name="values"/> (<paramref name="height"/> × <paramref name="width"/>, row-major) zoomed by
    /// <paramref name="zoomY"/> and <paramref name="zoomX"/>; the result's size is <see cref="OutputSize"/>.
    /// </summary>
    public static float[] Zoom(ReadOnlySpan<float> values, int height, int width, double zoomY, double zoomX, out int outHeight, out int outWidth)
    {
        outHeight = OutputSize(height, zoomY);
        outWidth = OutputSize(width, zoomX);
        if (outHeight < 1 || outWidth < 1)
            throw new ArgumentException($"zooming {height} × {width} by ({zoomY}, {zoomX}) leaves nothing ({outHeight} × {outWidth})");
        return Resize(values, height, width, outHeight, outWidth);
    }

    /// <summary>
    /// <paramref name="values"/> (<paramref name="height"/> × <paramref name="width"/>, row-major) resized to
    /// exactly <paramref name="outHeight"/> × <paramref name="outWidth"/> with zoom's corner-aligned sampling.
    /// </summary>
    public static float[] Resize(ReadOnlySpan<float> values, int height, int width, int outHeight, int outWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        if (values.Length != height * width)
            throw new ArgumentException($"a {height} × {width} map needs {height * width} values, got {values.Length}", nameof(values));
        var rows = Taps(height, outHeight);
        var columns = Taps(width, outWidth);
        var output = new float[outHeight * outWidth];
        for (int oy = 0; oy < outHeight; oy++)
        {
            var (y0, y1, fy) = rows[oy];
            var top = values.Slice(y0 * width, width);
            var bottom = values.Slice(y1 * width, width);
            var line = output.AsSpan(oy * outWidth, outWidth);
            for (int ox = 0; ox < outWidth; ox++)
            {
                var (x0, x1, fx) = columns[ox];
                double upper = top[x0] + fx * ((double)top[x1] - top[x0]);
                double lower = bottom[x0] + fx * ((double)bottom[x1] - bottom[x0]);
                line[ox] = (float)(upper + fy * (lower - upper));
            }
        }
        return output;
    }

    /// <summary>For each output index, the two input samples it lies between and the weight of the second.</summary>
    internal static (int First, int Second, double Weight)[] Taps(int inSize, int outSize)
    {
        var taps = new (int, int, double)[outSize];
        double ratio = outSize > 1 ? (inSize - 1) / (double)(outSize - 1) : 0;
        for (int i = 0; i < outSize; i++)
        {
            double coordinate = Math.Clamp(i * ratio, 0, inSize - 1);
            int first = Math.Min((int)Math.Floor(coordinate), inSize - 1);
            int second = Math.Min(first + 1, inSize - 1);
            taps[i] = (first, second, coordinate - first);
        }
        return taps;
    }
}
