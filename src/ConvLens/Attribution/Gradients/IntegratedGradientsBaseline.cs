namespace ConvLens.Attribution.Gradients;

/// <summary>How Integrated Gradients chooses its baseline.</summary>
public sealed record IntegratedGradientsBaseline
{
    /// <summary>Which baseline.</summary>
    public BaselineKind Kind { get; init; } = BaselineKind.Black;

    /// <summary>Deviation of the blur, in input pixels (for <see cref="BaselineKind.Blur"/>).</summary>
    public double BlurSigma { get; init; } = 10;

    /// <summary>Seed of the noise (for <see cref="BaselineKind.UniformNoise"/>).</summary>
    public int Seed { get; init; }

    /// <summary>The baseline itself, C × H × W in input units (for <see cref="BaselineKind.Image"/>).</summary>
    public float[]? Image { get; init; }

    /// <summary>A black baseline.</summary>
    public static IntegratedGradientsBaseline Black { get; } = new();

    /// <summary>The baseline for <paramref name="image"/> (C × H × W, <paramref name="height"/> × <paramref name="width"/>).</summary>
    /// <exception cref="ConvLensException">The options do not fit the image.</exception>
    public float[] For(float[] image, int channels, int height, int width)
    {
        switch (Kind)
        {
            case BaselineKind.Black:
                return new float[image.Length];
            case BaselineKind.Blur:
                if (!double.IsFinite(BlurSigma) || BlurSigma <= 0) throw new ConvLensException($"the blur baseline's sigma must be positive, not {BlurSigma}");
                return GaussianBlur(image, channels, height, width, BlurSigma);
            case BaselineKind.UniformNoise:
            {
                float min = image.Min(), max = image.Max();
                var random = new Random(Seed);
                var noise = new float[image.Length];
                for (int i = 0; i < noise.Length; i++) noise[i] = (float)(min + random.NextDouble() * (max - min));
                return noise;
            }
            case BaselineKind.Image:
                if (Image is null) throw new ConvLensException("an image baseline needs the baseline image");
                if (Image.Length != image.Length)
                    throw new ConvLensException($"the baseline image has {Image.Length} values; the model's input needs {channels} × {height} × {width} = {image.Length}");
                if (Image.Any(v => !float.IsFinite(v))) throw new ConvLensException("the baseline image holds NaN or infinity");
                return (float[])Image.Clone();
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null);
        }
    }

    /// <summary>A separable Gaussian blur of each channel; the border repeats the edge pixels.</summary>
    internal static float[] GaussianBlur(float[] image, int channels, int height, int width, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) kernel[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        double total = kernel.Sum();
        for (int k = 0; k < kernel.Length; k++) kernel[k] /= total;

        int plane = height * width;
        var rows = new double[image.Length];
        var output = new float[image.Length];
        for (int c = 0; c < channels; c++)
        {
            int offset = c * plane;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++)
                        sum += kernel[k + radius] * image[offset + y * width + Math.Clamp(x + k, 0, width - 1)];
                    rows[offset + y * width + x] = sum;
                }
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++)
                        sum += kernel[k + radius] * rows[offset + Math.Clamp(y + k, 0, height - 1) * width + x];
                    output[offset + y * width + x] = (float)sum;
                }
        }
        return output;
    }
}
