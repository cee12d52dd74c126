namespace ConvLens.Circuits;

/// <summary>
/// The kernel slice joining one input channel to the target channel, with the target's BatchNorm (and
/// other per-channel) scale folded in.
/// </summary>
/// <param name="InputChannel">The global input channel (for a grouped convolution, within the whole input, not the group).</param>
/// <param name="Rank">1 for the highest-ranked slice.</param>
/// <param name="Height">Kernel height.</param>
/// <param name="Width">Kernel width.</param>
/// <param name="Values">The folded weights, row by row (<paramref name="Height"/> × <paramref name="Width"/>).</param>
/// <param name="L2Norm">√Σ v² of the folded weights.</param>
/// <param name="Mean">Σ v / (<paramref name="Height"/> · <paramref name="Width"/>) of the folded weights.</param>
/// <param name="Score">What the ranking sorted by.</param>
public sealed record KernelSlice(int InputChannel, int Rank, int Height, int Width, double[] Values, double L2Norm, double Mean, double Score)
{
    /// <summary>Excitatory, inhibitory or balanced, by the sign of <see cref="Mean"/>.</summary>
    public KernelSign Sign => KernelSigns.Of(Mean);

    /// <summary>The values min–max normalised to 0..1 (all 0.5 when the slice is constant), as the figure shows them.</summary>
    public double[] Normalized()
    {
        double min = Values.Min(), max = Values.Max();
        return max > min ? Values.Select(v => (v - min) / (max - min)).ToArray() : Values.Select(_ => 0.5).ToArray();
    }
}
