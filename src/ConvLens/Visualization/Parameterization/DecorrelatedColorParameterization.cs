namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// Lucid's colour decorrelation: the wrapped parameterisation's three channels are coordinates in a
/// decorrelated colour basis, and each pixel's RGB is <see cref="ColorMatrix"/> times them. The matrix
/// is the square root of ImageNet's colour correlation, so independent noise in the parameters becomes
/// naturally correlated colour, and the optimiser can move brightness and hue separately. Linear; apply
/// <see cref="SigmoidParameterization"/> on top to get valid pixels.
/// </summary>
public sealed class DecorrelatedColorParameterization : IImageParameterization
{
    /// <summary>
    /// Lucid's <c>color_correlation_svd_sqrt</c> (rows: R, G, B output; columns: decorrelated
    /// components), before normalisation.
    /// </summary>
    public static IReadOnlyList<float> ColorCorrelationSqrt { get; } = new float[]
    {
        0.26f, 0.09f, 0.02f,
        0.27f, 0.00f, -0.05f,
        0.27f, -0.09f, 0.03f,
    };

    /// <summary>
    /// <see cref="ColorCorrelationSqrt"/> divided by its largest column norm (≈ 0.462), as Lucid does, so
    /// no decorrelated component moves a pixel by more than its own magnitude; row-major 3×3, RGB = M·v.
    /// </summary>
    public static IReadOnlyList<float> ColorMatrix { get; } = Normalised();

    private readonly IImageParameterization _inner;
    private readonly ImageBuffer _innerImage;
    private readonly ImageBuffer _innerGradient;

    /// <summary>Wraps <paramref name="inner"/>, which must render 3 channels.</summary>
    public DecorrelatedColorParameterization(IImageParameterization inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        var (c, h, w) = inner.ImageSize;
        if (c != 3) throw new ConvLensException($"colour decorrelation needs a 3-channel (RGB) image, got {c} channels; leave out --decorrelate");
        _innerImage = ImageBuffer.Zeros(c, h, w);
        _innerGradient = ImageBuffer.Zeros(c, h, w);
    }

    /// <summary>The wrapped parameterisation.</summary>
    public IImageParameterization Inner => _inner;

    /// <inheritdoc />
    public float[] Parameters => _inner.Parameters;

    /// <inheritdoc />
    public (int Channels, int Height, int Width) ImageSize => _inner.ImageSize;

    /// <inheritdoc />
    public void Render(ImageBuffer image)
    {
        ImageSizeCheck.RequireBuffer(image, ImageSize, "rendered image");
        _inner.Render(_innerImage);
        Apply(_innerImage.Data, image.Data, transpose: false);
    }

    /// <inheritdoc />
    public void Backward(ImageBuffer imageGradient, Span<float> parameterGradient)
    {
        ImageSizeCheck.RequireBuffer(imageGradient, ImageSize, "image gradient");
        Apply(imageGradient.Data, _innerGradient.Data, transpose: true);
        _inner.Backward(_innerGradient, parameterGradient);
    }

    /// <summary>Per pixel, output = M·input (forward) or Mᵀ·input (backward: the adjoint of the forward).</summary>
    private static void Apply(float[] input, float[] output, bool transpose)
    {
        var m = ColorMatrix;
        int plane = input.Length / 3;
        for (int row = 0; row < 3; row++)
        {
            float m0 = transpose ? m[row] : m[row * 3];
            float m1 = transpose ? m[3 + row] : m[row * 3 + 1];
            float m2 = transpose ? m[6 + row] : m[row * 3 + 2];
            var destination = output.AsSpan(row * plane, plane);
            for (int i = 0; i < plane; i++)
                destination[i] = m0 * input[i] + m1 * input[plane + i] + m2 * input[2 * plane + i];
        }
    }

    private static float[] Normalised()
    {
        var raw = ColorCorrelationSqrt;
        double maxNorm = 0;
        for (int column = 0; column < 3; column++)
        {
            double sumOfSquares = 0;
            for (int row = 0; row < 3; row++) sumOfSquares += (double)raw[row * 3 + column] * raw[row * 3 + column];
            maxNorm = Math.Max(maxNorm, Math.Sqrt(sumOfSquares));
        }
        return raw.Select(v => (float)(v / maxNorm)).ToArray();
    }
}
