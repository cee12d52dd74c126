namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// Builds the complete image parameterisation of a recipe: a pixel or Fourier basis, optionally colour
/// decorrelated, always squashed to [0, 1] by a sigmoid (Lucid's <c>image(..., fft, decorrelate)</c>).
/// </summary>
public static class ImageParameterizationFactory
{
    /// <summary>
    /// Sigmoid(Decorrelate?(basis)) for one image of <paramref name="channels"/> × <paramref name="height"/>
    /// × <paramref name="width"/>; the initial parameters are drawn from <paramref name="random"/>.
    /// </summary>
    public static IImageParameterization Create(ImageParameterizationKind kind, bool decorrelate, int channels, int height, int width, Random random)
    {
        IImageParameterization basis = kind switch
        {
            ImageParameterizationKind.Pixel => new PixelParameterization(channels, height, width, random),
            ImageParameterizationKind.Fourier => new FourierParameterization(channels, height, width, random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown parameterisation"),
        };
        if (decorrelate) basis = new DecorrelatedColorParameterization(basis);
        return new SigmoidParameterization(basis);
    }

    /// <summary>Reads <c>pixel</c> or <c>fft</c> (also <c>fourier</c>), case-insensitively, as given to <c>--param</c>.</summary>
    public static ImageParameterizationKind ParseKind(string text)
    {
        return text?.Trim().ToLowerInvariant() switch
        {
            "pixel" => ImageParameterizationKind.Pixel,
            "fft" or "fourier" => ImageParameterizationKind.Fourier,
            _ => throw new ConvLensException($"--param '{text}' is not a parameterisation: expected 'pixel' or 'fft'"),
        };
    }

    /// <summary>The option text of <paramref name="kind"/> (<c>pixel</c> or <c>fft</c>), the inverse of <see cref="ParseKind"/>.</summary>
    public static string ToOptionText(ImageParameterizationKind kind) => kind == ImageParameterizationKind.Pixel ? "pixel" : "fft";
}
