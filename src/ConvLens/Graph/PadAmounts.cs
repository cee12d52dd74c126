namespace ConvLens.Graph;

/// <summary>
/// How far a Pad node extends each axis of its input, one entry per axis whatever opset form it was
/// written in (see <see cref="OperatorForms.PadAmounts(Node, OnnxGraph)"/>); negative amounts crop.
/// </summary>
/// <param name="Begin">Elements added before the start of each axis.</param>
/// <param name="End">Elements added after the end of each axis.</param>
public sealed record PadAmounts(long[] Begin, long[] End)
{
    /// <summary>The rank of the padded input.</summary>
    public int Rank => Begin.Length;

    /// <summary>True when axis <paramref name="axis"/> is left as it is.</summary>
    public bool Keeps(int axis) => Begin[axis] == 0 && End[axis] == 0;

    /// <summary>ONNX's full-rank <c>pads</c> layout: every begin, then every end.</summary>
    public long[] ToOnnxPads() => [.. Begin, .. End];
}
