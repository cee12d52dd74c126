namespace ConvLens.Circuits;

/// <summary>The input channels of one target channel, ranked by their kernel slices.</summary>
/// <param name="Layer">The layer as the user named it (display name).</param>
/// <param name="Value">The layer's value name.</param>
/// <param name="Channel">The target channel of the layer.</param>
/// <param name="Target">The convolution channel that builds it, with the folded scale and the path to it.</param>
/// <param name="Metric">The ranking.</param>
/// <param name="Slices">Every input channel's slice, ranked.</param>
/// <param name="Top">How many of <paramref name="Slices"/> were asked for.</param>
/// <param name="Input">Where the convolution's input channels come from.</param>
public sealed record KernelAnalysis(string Layer, string Value, int Channel, ConvChannel Target, KernelRankMetric Metric,
    IReadOnlyList<KernelSlice> Slices, int Top, InputSource Input)
{
    /// <summary>The top-ranked slices.</summary>
    public IReadOnlyList<KernelSlice> TopSlices => Slices.Take(Top).ToList();

    /// <summary>The slice of global input channel <paramref name="inputChannel"/>.</summary>
    public KernelSlice SliceOf(int inputChannel) => Slices.First(s => s.InputChannel == inputChannel);
}
