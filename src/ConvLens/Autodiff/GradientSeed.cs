namespace ConvLens.Autodiff;

/// <summary>
/// Where the backward pass starts: a value of the graph and the gradient it receives.
/// </summary>
/// <param name="Value">The value (a layer's output or an objective) the gradient starts from.</param>
/// <param name="FromInput">
/// True: the seed is a new graph input of the value's shape (<c>dA</c>), so a linear objective, such
/// as one channel's mean, is just a tensor and one session serves every channel of the layer. False:
/// the seed is ones, for objectives emitted as nodes (per batch item; the gradient is of their sum).
/// </param>
public sealed record GradientSeed(string Value, bool FromInput)
{
    /// <summary>A seed fed at run time through an input tensor of the value's shape.</summary>
    public static GradientSeed Input(string value) => new(value, true);

    /// <summary>A seed of ones: the gradient of the sum of the value.</summary>
    public static GradientSeed Ones(string value) => new(value, false);
}
