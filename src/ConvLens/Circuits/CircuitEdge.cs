namespace ConvLens.Circuits;

/// <summary>
/// An input channel feeding a channel of the circuit through a convolution's kernel slice.
/// </summary>
/// <param name="From">The input node's id.</param>
/// <param name="To">The node it feeds.</param>
/// <param name="Conv">The convolution (output value) the slice belongs to.</param>
/// <param name="Slice">The kernel slice (scale folded), with its weight rank.</param>
/// <param name="Contribution">Its measured mean contribution, or null without a dataset.</param>
/// <param name="DataRank">Its rank by measured contribution, or null without a dataset.</param>
public sealed record CircuitEdge(int From, int To, string Conv, KernelSlice Slice, double? Contribution, int? DataRank)
{
    /// <summary>What the edge's width shows: the measured contribution's size, else the slice's ranking score's size.</summary>
    public double Strength => Math.Abs(Contribution ?? Slice.Score);

    /// <summary>The sign its colour shows: of the measured contribution, else of the slice mean.</summary>
    public KernelSign Sign => Contribution is { } c ? KernelSigns.Of(c) : Slice.Sign;
}
