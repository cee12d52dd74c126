using ConvLens.Autodiff;

namespace ConvLens.Runtime;

/// <summary>
/// What a gradient session computes: which layers receive a seed tensor (linear objectives), which
/// objectives are emitted as nodes (non-linear ones), the values differentiated with respect to, the
/// forward values returned alongside, and the rule set (plain, guided backprop, gradient redirect).
/// </summary>
public sealed record GradientRequest
{
    /// <summary>Layers (names or aliases) that each get a seed input <c>dA</c> of their shape.</summary>
    public IReadOnlyList<string> SeededLayers { get; init; } = [];

    /// <summary>Objectives emitted as nodes and seeded with ones.</summary>
    public IReadOnlyList<GraphObjective> Objectives { get; init; } = [];

    /// <summary>Values whose gradients are returned; empty means the network's input.</summary>
    public IReadOnlyList<string> WithRespectTo { get; init; } = [];

    /// <summary>Forward layers returned as well (for instance the seeded layers' activations).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// Seeded layers to compute for only K of their channels, by layer name: K. The session then takes a
    /// selection matrix per such layer (see <see cref="GradientSession.SelectionInputs"/>), so one session
    /// serves every choice of K channels, and skips the other channels' forward and backward convolution.
    /// A layer that cannot be sliced (<see cref="Graph.ChannelSlicer"/>) keeps all its channels.
    /// </summary>
    public IReadOnlyDictionary<string, int> SlicedLayers { get; init; } = new Dictionary<string, int>();

    /// <summary>The gradient rules; <see cref="GradientRegistry.Default"/> when null.</summary>
    public GradientRegistry? Registry { get; init; }

    /// <summary>A request seeding one layer with <c>dA</c>, gradient w.r.t. the input, returning the layer too.</summary>
    public static GradientRequest ForLayer(string layer) => new() { SeededLayers = [layer], Outputs = [layer] };
}
