namespace ConvLens.Circuits;

/// <summary>
/// What makes one channel of a value, for expanding a circuit a layer further: the convolution channels
/// reached through channel-preserving operators (two or more when the value is a residual sum of
/// convolution branches), and the branches that are themselves sums (a ResNet's identity shortcut),
/// which are named but not expanded.
/// </summary>
/// <param name="Convs">The convolution channels, one per convolution branch.</param>
/// <param name="Skips">Values joined in unchanged (identity shortcuts), by value name.</param>
/// <param name="Stop">Why nothing (more) was found: the graph input or an operator the walk cannot follow; null otherwise.</param>
public sealed record ChannelProducers(IReadOnlyList<ConvChannel> Convs, IReadOnlyList<string> Skips, string? Stop);
