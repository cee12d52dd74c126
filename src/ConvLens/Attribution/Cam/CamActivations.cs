namespace ConvLens.Attribution.Cam;

/// <summary>
/// What a CAM method weighs: one image's activations at the CAM layer, the gradient of the target with
/// respect to them (from the same run), and a way to score other inputs (for Score-CAM).
/// </summary>
public sealed class CamActivations
{
    private readonly TargetPasses _passes;

    internal CamActivations(float[] activations, float[]? gradients, int channels, int height, int width, float[] image, (int, int, int) inputSize, TargetPasses passes)
    {
        InputSize = inputSize;
        Activations = activations;
        Gradients = gradients;
        Channels = channels;
        Height = height;
        Width = width;
        Image = image;
        _passes = passes;
    }

    /// <summary>The activations, C × H × W, channel-major.</summary>
    public float[] Activations { get; }

    /// <summary>d(target)/d(activations), same layout; null for methods that need no gradient.</summary>
    public float[]? Gradients { get; }

    /// <summary>Channels of the layer.</summary>
    public int Channels { get; }

    /// <summary>Rows of each channel's map.</summary>
    public int Height { get; }

    /// <summary>Columns of each channel's map.</summary>
    public int Width { get; }

    /// <summary>Positions per channel.</summary>
    public int Plane => Height * Width;

    /// <summary>The image explained, C × H × W at the network's input size.</summary>
    public float[] Image { get; }

    /// <summary>The network input's (channels, height, width).</summary>
    public (int Channels, int Height, int Width) InputSize { get; }

    /// <summary>Channel <paramref name="c"/>'s activations.</summary>
    public ReadOnlySpan<float> Channel(int c) => Activations.AsSpan(c * Plane, Plane);

    /// <summary>Channel <paramref name="c"/>'s gradients.</summary>
    /// <exception cref="InvalidOperationException">The method asked for no gradients.</exception>
    public ReadOnlySpan<float> ChannelGradient(int c) =>
        (Gradients ?? throw new InvalidOperationException("this CAM method was run without gradients")).AsSpan(c * Plane, Plane);

    /// <summary>
    /// The target's score on each of <paramref name="count"/> inputs that <paramref name="fill"/> writes
    /// (input <c>k</c> into the span it gets), run in batches of the method's batch size.
    /// </summary>
    public double[] ScoreInputs(int count, Action<int, Span<float>> fill) => _passes.Scores(count, fill);
}
