namespace ConvLens.Imaging;

/// <summary>
/// Resizes an image to a model's input size with a separable triangle (bilinear) filter whose width grows
/// with the reduction factor, as PIL's antialiased <c>BILINEAR</c> does: enlarging is plain bilinear
/// interpolation between pixel centres, and shrinking averages every source pixel under the output pixel,
/// so fine detail turns into its mean colour instead of aliasing into false patterns. Computed in floats
/// and never rounded, so the network sees the exact filtered values.
/// </summary>
internal static class ImageResampler
{
    /// <summary>
    /// The image resized to <paramref name="width"/> × <paramref name="height"/> as channel-major floats
    /// (3 × height × width, values 0..255).
    /// </summary>
    public static float[] Resize(RgbImage image, int width, int height, ResizeMode mode)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"target size {width} × {height} must be positive");
        var (x0, boxWidth, y0, boxHeight) = SourceBox(image.Width, image.Height, width, height, mode);
        var columns = Taps(image.Width, x0, boxWidth, width);
        var rows = Taps(image.Height, y0, boxHeight, height);
        int firstRow = rows.Min(t => t.First), lastRow = rows.Max(t => t.First + t.Weights.Length - 1);

        // Horizontal pass over the source rows the vertical pass reads: 3 planes of (rows × width).
        int rowCount = lastRow - firstRow + 1;
        var horizontal = new float[3 * rowCount * width];
        var src = image.Pixels;
        for (int r = 0; r < rowCount; r++)
        {
            int rowStart = (firstRow + r) * image.Width * 3;
            for (int ox = 0; ox < width; ox++)
            {
                var (first, weights) = columns[ox];
                double red = 0, green = 0, blue = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    int i = rowStart + (first + k) * 3;
                    red += weights[k] * src[i];
                    green += weights[k] * src[i + 1];
                    blue += weights[k] * src[i + 2];
                }
                int o = r * width + ox;
                horizontal[o] = (float)red;
                horizontal[rowCount * width + o] = (float)green;
                horizontal[2 * rowCount * width + o] = (float)blue;
            }
        }

        var output = new float[3 * height * width];
        for (int c = 0; c < 3; c++)
        {
            int planeIn = c * rowCount * width, planeOut = c * height * width;
            for (int oy = 0; oy < height; oy++)
            {
                var (first, weights) = rows[oy];
                for (int ox = 0; ox < width; ox++)
                {
                    double sum = 0;
                    for (int k = 0; k < weights.Length; k++)
                        sum += weights[k] * horizontal[planeIn + (first - firstRow + k) * width + ox];
                    output[planeOut + oy * width + ox] = (float)sum;
                }
            }
        }
        return output;
    }

    /// <summary>The region of the source (in pixels, fractional) that becomes the output.</summary>
    internal static (double X0, double Width, double Y0, double Height) SourceBox(int srcWidth, int srcHeight, int width, int height, ResizeMode mode)
    {
        if (mode == ResizeMode.Stretch) return (0, srcWidth, 0, srcHeight);
        // One scale for both axes, the larger of the two, so the scaled image covers the target.
        double scale = Math.Max(width / (double)srcWidth, height / (double)srcHeight);
        double boxWidth = Math.Min(srcWidth, width / scale), boxHeight = Math.Min(srcHeight, height / scale);
        return ((srcWidth - boxWidth) / 2, boxWidth, (srcHeight - boxHeight) / 2, boxHeight);
    }

    /// <summary>
    /// For each of <paramref name="outputSize"/> output pixels, the first source pixel it reads and the
    /// normalised weights of the source pixels from there on.
    /// </summary>
    internal static (int First, double[] Weights)[] Taps(int sourceSize, double start, double length, int outputSize)
    {
        double step = length / outputSize;
        // The triangle spans one output pixel on each side, measured in source pixels, but never less
        // than one source pixel (so enlarging interpolates between neighbours).
        double radius = Math.Max(step, 1.0);
        var taps = new (int, double[])[outputSize];
        for (int i = 0; i < outputSize; i++)
        {
            double centre = start + (i + 0.5) * step;
            int first = Math.Max(0, (int)Math.Floor(centre - radius));
            int last = Math.Min(sourceSize - 1, (int)Math.Ceiling(centre + radius));
            var weights = new double[last - first + 1];
            double total = 0;
            for (int j = first; j <= last; j++)
            {
                double w = Math.Max(0, 1 - Math.Abs(j + 0.5 - centre) / radius);
                weights[j - first] = w;
                total += w;
            }
            // Near the border part of the triangle falls outside the image: renormalise over what is inside.
            for (int k = 0; k < weights.Length; k++) weights[k] /= total;
            taps[i] = (first, weights);
        }
        return taps;
    }
}
