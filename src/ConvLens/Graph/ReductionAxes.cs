namespace ConvLens.Graph;

/// <summary>
/// The axes a Reduce* node reduces, whichever opset form named them (see <see cref="OperatorForms.ReduceAxes(Node, OnnxGraph)"/>).
/// </summary>
/// <param name="Listed">The axes as written (may be negative); empty when none are given; null when they are computed at run time.</param>
/// <param name="NoopWhenEmpty">The node's <c>noop_with_empty_axes</c>: with no axes it then reduces nothing.</param>
public sealed record ReductionAxes(long[]? Listed, bool NoopWhenEmpty)
{
    /// <summary>True when the axes come from a value computed at run time, so no pass can read them.</summary>
    public bool IsComputed => Listed is null;

    /// <summary>True when the node returns its input unchanged (no axes and <c>noop_with_empty_axes</c> set).</summary>
    public bool IsIdentity => Listed is [] && NoopWhenEmpty;

    /// <summary>
    /// The reduced axes in 0..<paramref name="rank"/>−1, ascending: every axis when none are listed, none for
    /// an identity; null when they are computed.
    /// </summary>
    /// <exception cref="ConvLensException">An axis lies outside the rank or is listed twice.</exception>
    public int[]? Resolve(int rank, Node node)
    {
        if (Listed is null) return null;
        if (IsIdentity) return [];
        if (Listed.Length == 0) return Enumerable.Range(0, rank).ToArray();
        var axes = Listed.Select(a => a < 0 ? a + rank : a).ToArray();
        if (axes.Any(a => a < 0 || a >= rank) || axes.Distinct().Count() != axes.Length)
            throw new ConvLensException($"{node} reduces axes [{string.Join(", ", Listed)}], which are not distinct axes of its rank-{rank} input '{node.InputOrEmpty(0)}'");
        return axes.Select(a => (int)a).Order().ToArray();
    }
}
