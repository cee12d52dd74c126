using MathNet.Numerics.Distributions;

namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// Lucid's <c>naive</c> image: one parameter per pixel and channel (C×H×W, the image's own layout),
/// rendered as is. The values are unbounded, meant to be pre-sigmoid pixels: wrap the result in
/// <see cref="SigmoidParameterization"/> to get valid pixels. A sigmoid is used rather than clipping
/// because clipping gives zero gradient to every pixel outside [0, 1], and such pixels could never
/// come back. Initialised from a normal distribution with standard deviation 0.01, as Lucid does.
/// </summary>
public sealed class PixelParameterization : IImageParameterization
{
    /// <summary>Creates the parameterisation with parameters drawn from <paramref name="random"/>.</summary>
    /// <param name="channels">Image channels (3 for RGB).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="random">Source of the initial values: the same seed gives the same parameters.</param>
    /// <param name="initialStandardDeviation">Standard deviation of the initial values (Lucid: 0.01).</param>
    public PixelParameterization(int channels, int height, int width, Random random, double initialStandardDeviation = 0.01)
    {
        ImageSizeCheck.Require(channels, height, width, "pixel parameterisation");
        ArgumentNullException.ThrowIfNull(random);
        ImageSize = (channels, height, width);
        Parameters = new float[channels * height * width];
        for (int i = 0; i < Parameters.Length; i++) Parameters[i] = (float)Normal.Sample(random, 0, initialStandardDeviation);
    }

    /// <inheritdoc />
    public float[] Parameters { get; }

    /// <inheritdoc />
    public (int Channels, int Height, int Width) ImageSize { get; }

    /// <inheritdoc />
    public void Render(ImageBuffer image)
    {
        ImageSizeCheck.RequireBuffer(image, ImageSize, "rendered image");
        Parameters.CopyTo(image.Data, 0);
    }

    /// <inheritdoc />
    public void Backward(ImageBuffer imageGradient, Span<float> parameterGradient)
    {
        ImageSizeCheck.RequireBuffer(imageGradient, ImageSize, "image gradient");
        if (parameterGradient.Length != Parameters.Length)
            throw new ArgumentException($"parameter gradient has {parameterGradient.Length} values, expected {Parameters.Length}");
        imageGradient.Data.CopyTo(parameterGradient);
    }
}
