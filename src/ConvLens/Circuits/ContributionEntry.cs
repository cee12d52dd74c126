namespace ConvLens.Circuits;

/// <summary>One input channel ranked both ways: by its measured contribution and by its weights.</summary>
/// <param name="InputChannel">The global input channel.</param>
/// <param name="DataRank">1 for the largest measured contribution.</param>
/// <param name="WeightRank">Its rank by the kernel metric.</param>
/// <param name="Contribution">Mean over images and output positions of its term of the pre-bias output (scale folded in).</param>
/// <param name="WeightScore">Its kernel metric value.</param>
public sealed record ContributionEntry(int InputChannel, int DataRank, int WeightRank, double Contribution, double WeightScore)
{
    /// <summary>Excitatory or inhibitory on this data: the sign of <see cref="Contribution"/>.</summary>
    public KernelSign Sign => KernelSigns.Of(Contribution);
}
