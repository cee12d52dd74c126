namespace ConvLens.Visualization.Transforms;

/// <summary>
/// A robustness transform of feature visualisation (padding, jitter, scaling, rotation): each step
/// <see cref="Sample"/> draws its random parameters once, and the returned step applies the transform
/// forward and its exact adjoint backward with those same parameters.
/// </summary>
public interface IImageTransform
{
    /// <summary>Draws this step's random parameters for an input of the given size.</summary>
    IImageTransformStep Sample(int channels, int height, int width, Random random);
}

/// <summary>One drawn transform: forward and backward with the same parameters.</summary>
public interface IImageTransformStep
{
    /// <summary>Channels, height and width of the output.</summary>
    (int Channels, int Height, int Width) OutputSize { get; }

    /// <summary>Computes the transformed image.</summary>
    void Forward(ImageBuffer input, ImageBuffer output);

    /// <summary>Given d/d(output), writes d/d(input) (the adjoint of <see cref="Forward"/>).</summary>
    void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient);
}
