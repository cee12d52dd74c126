namespace ConvLens.Graph;

/// <summary>
/// Cuts a graph down to what computes the values asked for: asking for <c>block3_conv2</c> of VGG19
/// leaves out every later layer, and their weights never reach the session.
/// </summary>
public static class GraphPruner
{
    /// <summary>A copy of <paramref name="model"/> whose outputs are <paramref name="outputs"/>, holding only what they need.</summary>
    /// <exception cref="ConvLensException">An output names no value of the graph.</exception>
    public static OnnxModel Prune(OnnxModel model, IEnumerable<string> outputs)
    {
        var wanted = outputs.Distinct().ToList();
        var known = model.Graph.AllValueNames();
        foreach (var o in wanted)
            if (!known.Contains(o)) throw new ConvLensException($"'{model.Source}' has no value named '{o}'");
        var copy = model.Clone();
        copy.Graph.Outputs.Clear();
        foreach (var o in wanted)
            copy.Graph.Outputs.Add(model.Graph.InfoOf(o) ?? new ValueInfo(o, TensorElementType.Float, null));
        RemoveUnused(copy.Graph);
        return copy;
    }

    /// <summary>Removes, in place, the nodes, initializers, inputs and value infos that no graph output depends on.</summary>
    public static void RemoveUnused(OnnxGraph graph)
    {
        var needed = new HashSet<string>(graph.Outputs.Select(o => o.Name), StringComparer.Ordinal);
        var kept = new List<Node>();
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            if (!node.Outputs.Any(needed.Contains)) continue;
            kept.Add(node);
            needed.UnionWith(node.Inputs.Where(n => n.Length > 0));
        }
        kept.Reverse();
        graph.Nodes.Clear();
        graph.Nodes.AddRange(kept);
        foreach (var name in graph.Initializers.Keys.Where(k => !needed.Contains(k)).ToList()) graph.Initializers.Remove(name);
        graph.Inputs.RemoveAll(i => !needed.Contains(i.Name));
        foreach (var name in graph.ValueInfos.Keys.Where(k => !needed.Contains(k)).ToList()) graph.ValueInfos.Remove(name);
    }
}
