namespace ConvLens.Visualization;

/// <summary>How the modern recipe represents the image it optimises.</summary>
public enum ImageParameterizationKind
{
    /// <summary>One parameter per pixel and channel.</summary>
    Pixel,

    /// <summary>A 2-D Fourier spectrum scaled by 1/frequency, so optimisation favours smooth, natural-looking images.</summary>
    Fourier,
}
