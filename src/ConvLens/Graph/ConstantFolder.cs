namespace ConvLens.Graph;

/// <summary>
/// Constant folding of shape arithmetic: nodes whose inputs are all constant become initializers, and so
/// does <c>Shape</c> of a value whose static shape is fully known. Exporters spell a flatten as
/// <c>Shape → Gather → Unsqueeze → Concat → Reshape</c>; with a fixed batch that chain folds to one
/// constant shape, which keeps the differentiator and the pruner away from integer side graphs.
/// Only small tensors are folded (<see cref="MaxElements"/>): arithmetic on weights stays in the graph.
/// Split is the one multi-output operator folded; its sizes are read by <see cref="OperatorForms.SplitSizes(Node, OnnxGraph)"/>.
/// </summary>
public static class ConstantFolder
{
    /// <summary>Largest tensor, in elements, that a folded node may read or produce.</summary>
    public const long MaxElements = ConstantEvaluator.MaxElements;

    /// <summary>
    /// Folds in place until nothing more folds. Run <see cref="ShapeInference.Infer"/> first so that
    /// <c>Shape</c> nodes see static shapes; when something folded and some dimension is still unknown, shapes
    /// are inferred again. Nodes that folding leaves unused are removed with the constants only they read;
    /// graph outputs and nodes that were unused before are left alone. Shape arithmetic on a symbolic batch
    /// folds as far as <see cref="SymbolicShapeValues"/> allows.
    /// </summary>
    public static void Fold(OnnxModel model)
    {
        // Folding can give static shapes that inference left unknown (PyTorch computes Pad's amounts from
        // constants at opset 11+): shapes are inferred again, and what that enables is folded in turn.
        for (bool folded = FoldPass(model); folded && HasUnknownDims(model.Graph); folded = FoldPass(model))
            ShapeInference.Infer(model);
    }

    /// <summary>True when a value's rank is unknown or its shape has a dimension that is neither a number nor a symbol.</summary>
    private static bool HasUnknownDims(OnnxGraph graph) =>
        graph.ValueInfos.Values.Any(v => v.Shape is null || v.Shape.Dims.Any(d => !d.IsKnown && d.Symbol is null));

    /// <summary>Folds until nothing more folds at the current shapes; true when anything folded.</summary>
    private static bool FoldPass(OnnxModel model)
    {
        bool folded = false;
        var graph = model.Graph;
        var graphOutputs = graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var usedBefore = UsedValues(graph, graphOutputs);
        var deadBefore = graph.Nodes.Where(n => !n.Outputs.Any(usedBefore.Contains)).ToHashSet();
        var released = new HashSet<string>(StringComparer.Ordinal);
        var symbolic = new SymbolicShapeValues();

        bool changed = true;
        while (changed)
        {
            changed = false;
            var kept = new List<Node>(graph.Nodes.Count);
            foreach (var node in graph.Nodes)
            {
                var values = deadBefore.Contains(node) || node.Outputs.Any(graphOutputs.Contains) ? null
                    : TryFold(graph, node) ?? (node.Outputs.Count == 1 && symbolic.Fold(graph, node) is { } symbolicValue ? [symbolicValue] : null);
                if (values is null)
                {
                    // Only the target is replaced, so a Reshape that is a graph output qualifies too.
                    if (!deadBefore.Contains(node) && node.OpType == "Reshape" && symbolic.ReshapeTarget(graph, node) is { } target)
                    {
                        released.Add(node.Inputs[1]);
                        node.Inputs[1] = graph.UniqueName($"{node.Inputs[1]}/static");
                        graph.Initializers[node.Inputs[1]] = target;
                        changed = folded = true;
                    }
                    kept.Add(node);
                    continue;
                }
                for (int i = 0; i < values.Length; i++)
                {
                    string output = node.Outputs[i];
                    if (output.Length == 0) continue;
                    graph.Initializers[output] = values[i];
                    graph.ValueInfos.Remove(output);
                    released.Add(output);
                }
                released.UnionWith(node.Inputs.Where(i => i.Length > 0));
                changed = folded = true;
            }
            graph.Nodes.Clear();
            graph.Nodes.AddRange(kept);
        }
        RemoveLeftovers(graph, graphOutputs, deadBefore, released);
        return folded;
    }

    /// <summary>The values of every output of <paramref name="node"/>, or null when it does not fold.</summary>
    private static ConstTensor[]? TryFold(OnnxGraph graph, Node node)
    {
        if (node.Domain.Length > 0 || node.Outputs.All(o => o.Length == 0)) return null;
        bool split = node.OpType == "Split";
        if (!split && node.Outputs.Count != 1) return null;
        if (node.OpType is "Shape" or "Size") return FoldShape(graph, node) is { } shape ? [shape] : null;
        if (!split && !ConstantEvaluator.Supports(node.OpType)) return null;
        var inputs = new ConstTensor?[node.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (node.Inputs[i].Length == 0) continue;
            if (!graph.Initializers.TryGetValue(node.Inputs[i], out var t) || t.ElementCount > MaxElements) return null;
            inputs[i] = t;
        }
        if (split)
        {
            // Exporters split shape vectors too (tf2onnx); the sizes are read in whichever opset form the node has.
            if (inputs.Length == 0 || inputs[0] is not { } x || OperatorForms.SplitSizes(node, graph) is not { } sizes || sizes.Length != node.Outputs.Count) return null;
            return ConstantEvaluator.Split(x, node.Int("axis", 0), sizes);
        }
        var result = ConstantEvaluator.Evaluate(node, inputs);
        return result is not null && result.ElementCount <= MaxElements ? [result] : null;
    }

    /// <summary>Shape and Size read only the static shape, so the input itself need not be constant.</summary>
    private static ConstTensor? FoldShape(OnnxGraph graph, Node node)
    {
        if (node.Inputs.Count != 1) return null;
        var shape = graph.Initializers.TryGetValue(node.Inputs[0], out var t) ? t.Shape : graph.ShapeOf(node.Inputs[0]);
        if (shape is null || !shape.IsFullyKnown) return null;
        long[] dims = shape.ToLongs();
        if (node.OpType == "Size") return ConstTensor.FromInt64s([dims.Aggregate(1L, (a, d) => a * d)]);
        // Shape-15 may take a slice of the dimensions; bounds clamp like Slice's.
        long rank = dims.Length;
        long start = Math.Clamp(Wrap(node.Int("start", 0), rank), 0, rank);
        long end = Math.Clamp(Wrap(node.Int("end", rank), rank), 0, rank);
        return ConstTensor.Vector(dims[(int)start..(int)Math.Max(start, end)]);
    }

    private static long Wrap(long index, long rank) => index < 0 ? index + rank : index;

    /// <summary>Removes what folding left unused: nodes no longer read, then the constants only removed nodes read.</summary>
    private static void RemoveLeftovers(OnnxGraph graph, HashSet<string> graphOutputs, HashSet<Node> deadBefore, HashSet<string> released)
    {
        while (true)
        {
            var used = UsedValues(graph, graphOutputs);
            var unused = graph.Nodes.Where(n => !deadBefore.Contains(n) && !n.Outputs.Any(used.Contains)).ToList();
            if (unused.Count == 0) break;
            foreach (var node in unused)
            {
                graph.Nodes.Remove(node);
                released.UnionWith(node.Inputs.Where(i => i.Length > 0));
                foreach (var o in node.Outputs) graph.ValueInfos.Remove(o);
            }
        }
        var stillUsed = UsedValues(graph, graphOutputs);
        foreach (var name in released.Where(n => !stillUsed.Contains(n)))
            graph.Initializers.Remove(name);
    }

    /// <summary>Values read by a node or a graph output, including those a subgraph (If, Loop, Scan body) reads from this scope.</summary>
    private static HashSet<string> UsedValues(OnnxGraph graph, HashSet<string> graphOutputs)
    {
        var used = new HashSet<string>(graphOutputs, StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            used.UnionWith(node.Inputs.Where(i => i.Length > 0));
            foreach (var a in node.Attributes.Values)
                if (a.Original is { } proto) AddSubgraphReads(proto, used);
        }
        return used;
    }

    private static void AddSubgraphReads(Proto.AttributeProto attribute, HashSet<string> used)
    {
        var subgraphs = attribute.G is null ? attribute.Graphs : attribute.Graphs.Append(attribute.G);
        foreach (var g in subgraphs)
            foreach (var n in g.Node)
            {
                used.UnionWith(n.Input.Where(i => i.Length > 0));
                foreach (var a in n.Attribute) AddSubgraphReads(a, used);
            }
    }
}
