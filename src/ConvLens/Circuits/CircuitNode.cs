using ConvLens.Imaging;

namespace ConvLens.Circuits;

/// <summary>One channel of a circuit graph.</summary>
/// <param name="Id">Index in <see cref="CircuitGraph.Nodes"/>.</param>
/// <param name="Depth">0 for the target; d for the inputs d layers below it.</param>
/// <param name="Value">The value whose channel this is (for inputs: the value a convolution reads).</param>
/// <param name="LayerName">The name users know the value by.</param>
/// <param name="Channel">The channel.</param>
public sealed record CircuitNode(int Id, int Depth, string Value, string LayerName, int Channel)
{
    /// <summary>The convolutions whose channels make this one (set when the node was expanded), by output value.</summary>
    public List<string> Convs { get; } = [];

    /// <summary>Identity shortcuts summed into this channel (not expanded), by value name.</summary>
    public List<string> Skips { get; } = [];

    /// <summary>Why the node could not be expanded (the network input, an operator the walk cannot follow), or null.</summary>
    public string? Stop { get; set; }

    /// <summary>The channel's feature visualization, when one was made.</summary>
    public RgbImage? Image { get; set; }

    /// <summary><c>layer:channel</c>.</summary>
    public string Label => $"{LayerName}:{Channel}";
}
