using ConvLens.Imaging;

namespace ConvLens.Visualization;

/// <summary>One visualised image: the pixels found, the same image as the network takes it, and the objective curve.</summary>
public sealed class FeatureVisualization
{
    /// <summary>Wraps one result.</summary>
    /// <param name="label">What was maximised, like <c>block3_conv2:16</c>.</param>
    /// <param name="pixels">RGB pixels (3 × height × width, channel-major; may leave 0..255).</param>
    /// <param name="preprocessed">The image as the model's own input (after its preprocessing), same layout.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="curve">The objective at each step, the last entry after the final step.</param>
    public FeatureVisualization(string label, float[] pixels, float[] preprocessed, int height, int width, IReadOnlyList<double> curve)
    {
        if (pixels.Length != 3 * height * width || preprocessed.Length != pixels.Length)
            throw new ArgumentException($"a 3 × {height} × {width} image needs {3 * height * width} values");
        Label = label;
        Pixels = pixels;
        Preprocessed = preprocessed;
        Height = height;
        Width = width;
        Curve = curve;
    }

    /// <summary>What was maximised, like <c>block3_conv2:16</c>.</summary>
    public string Label { get; }

    /// <summary>RGB pixels, channel-major, not clipped.</summary>
    public float[] Pixels { get; }

    /// <summary>The image after the model's preprocessing (channel order and offsets as the model takes them).</summary>
    public float[] Preprocessed { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The objective before each step, and after the last one.</summary>
    public IReadOnlyList<double> Curve { get; }

    /// <summary>The objective of the final image.</summary>
    public double FinalObjective => Curve[^1];

    /// <summary>The same result under another label.</summary>
    public FeatureVisualization WithLabel(string label) => new(label, Pixels, Preprocessed, Height, Width, Curve);

    /// <summary>The image in 8-bit colours, normalised as asked.</summary>
    public RgbImage ToImage(DisplayNormalization display) => display switch
    {
        DisplayNormalization.Pixels => RgbImage.FromChw(Pixels, Width, Height),
        DisplayNormalization.Std => RgbImage.FromChw(ImageDisplay.Standardize(Pixels), Width, Height),
        DisplayNormalization.Max => RgbImage.FromChw(ImageDisplay.Stretch(Pixels), Width, Height),
        DisplayNormalization.Notebook => RgbImage.FromChw(ImageDisplay.Standardize(Preprocessed), Width, Height),
        _ => throw new ArgumentOutOfRangeException(nameof(display), display, null),
    };
}
