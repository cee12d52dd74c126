namespace ConvLens.Graph;

/// <summary>What <see cref="ChannelSlicer.TrySlice"/> added.</summary>
/// <param name="Value">The sliced copy of the layer (N, K, ...).</param>
/// <param name="Replaces">
/// The original values it stands in for: the convolution's output, each step of the chain after it, and the
/// layer itself. Should any of them still be needed in full (another objective, a gradient with respect to
/// one of them), slicing saves nothing or, for a gradient, would cut the path: keep the full layer then.
/// </param>
public sealed record SlicedLayer(string Value, IReadOnlyList<string> Replaces);
