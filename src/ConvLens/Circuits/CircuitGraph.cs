namespace ConvLens.Circuits;

/// <summary>
/// A multi-layer circuit: the target channel, its top input channels, their top input channels, and so
/// on to <see cref="Depth"/> layers, with the kernel slice (and measured contribution) on every edge.
/// </summary>
/// <param name="Nodes">Every channel, the target first; each appears once even when several nodes feed from it.</param>
/// <param name="Edges">Input-to-output edges.</param>
/// <param name="Depth">Layers below the target.</param>
/// <param name="Metric">The weight ranking.</param>
/// <param name="DataGrounded">Whether edges were chosen and sized by measured contributions.</param>
public sealed record CircuitGraph(IReadOnlyList<CircuitNode> Nodes, IReadOnlyList<CircuitEdge> Edges, int Depth, KernelRankMetric Metric, bool DataGrounded)
{
    /// <summary>The target channel.</summary>
    public CircuitNode Root => Nodes[0];

    /// <summary>The nodes at <paramref name="depth"/>, in the order they were found.</summary>
    public IEnumerable<CircuitNode> Level(int depth) => Nodes.Where(n => n.Depth == depth);
}
