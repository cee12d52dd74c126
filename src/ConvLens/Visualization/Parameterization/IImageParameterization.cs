namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// How an optimised image is represented: a vector of parameters that <see cref="Render"/> maps to an
/// image with values in [0, 1] (RGB, C×H×W), and whose gradient <see cref="Backward"/> computes from
/// the gradient of that image. Forward and backward live side by side in each implementation.
/// </summary>
public interface IImageParameterization
{
    /// <summary>The parameters the optimiser updates (initialised, seeded, by the implementation).</summary>
    float[] Parameters { get; }

    /// <summary>Channels, height and width of the rendered image.</summary>
    (int Channels, int Height, int Width) ImageSize { get; }

    /// <summary>Writes the image the current parameters describe into <paramref name="image"/>.</summary>
    void Render(ImageBuffer image);

    /// <summary>
    /// Given d(objective)/d(image) for the image last rendered, writes d(objective)/d(parameters) into
    /// <paramref name="parameterGradient"/> (same length as <see cref="Parameters"/>).
    /// </summary>
    void Backward(ImageBuffer imageGradient, Span<float> parameterGradient);
}
