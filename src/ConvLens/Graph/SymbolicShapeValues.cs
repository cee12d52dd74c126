using Element = (bool Known, long Value, string? Symbol);

namespace ConvLens.Graph;

/// <summary>
/// Shape arithmetic on a symbolic batch, element by element, for <see cref="ConstantFolder"/>. An export with
/// a dynamic batch computes a target shape as <c>Concat(Unsqueeze(Gather(Shape(x), 0)), 2, C, H, W)</c>: not a
/// constant, so the runtime infers no rank for the Reshape and no shape after it. Tracking which elements
/// are known sizes and which are the batch symbol lets the known ones fold, and a target whose symbolic
/// elements are the reshaped tensor's own dimensions at the same position becomes a constant with 0
/// there (Reshape's "copy this dimension"), which the runtime's inference follows.
/// </summary>
internal sealed class SymbolicShapeValues
{
    private readonly Dictionary<string, (Element[] Dims, bool Scalar)> _values = new(StringComparer.Ordinal);

    /// <summary>
    /// Records the node's output when it is an int64 shape value with symbolic elements; returns it as a
    /// constant when the elements it keeps are all known (a channel count gathered from a shape whose batch is symbolic).
    /// </summary>
    public ConstTensor? Fold(OnnxGraph graph, Node node)
    {
        if (node.Domain.Length > 0 || node.Outputs.Count != 1) return null;
        (Element[] Dims, bool Scalar)? result = node.OpType switch
        {
            "Shape" => ShapeOf(graph, node),
            "Gather" => Gather(graph, node),
            "Unsqueeze" when Symbolic(node.Inputs[0]) is { Scalar: true } s && Axes(graph, node) is [0 or -1] => (s.Dims, false),
            "Cast" when node.Int("to", 0) == (long)TensorElementType.Int64 && Symbolic(node.Inputs[0]) is { } s => s,
            "Identity" when Symbolic(node.Inputs[0]) is { } s => s,
            "Concat" when node.Int("axis", 0) == 0 => Concat(graph, node),
            _ => null,
        };
        if (result is not { } r) return null;
        if (r.Dims.All(d => d.Known))
        {
            long[] known = r.Dims.Select(d => d.Value).ToArray();
            return r.Scalar ? ConstTensor.FromInt64s(known) : ConstTensor.Vector(known);
        }
        _values[node.Outputs[0]] = r;
        return null;
    }

    /// <summary>
    /// The constant target of <paramref name="reshape"/> when its target is symbolic only where it repeats the
    /// data's dimension at the same position (written as 0); null otherwise.
    /// </summary>
    public ConstTensor? ReshapeTarget(OnnxGraph graph, Node reshape)
    {
        if (reshape.Domain.Length > 0 || reshape.Inputs.Count < 2 || reshape.Int("allowzero", 0) != 0) return null;
        if (Symbolic(reshape.Inputs[1]) is not { Scalar: false } target || graph.ShapeOf(reshape.Inputs[0]) is not { } data) return null;
        var result = new long[target.Dims.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var d = target.Dims[i];
            if (d.Known && d.Value != 0) result[i] = d.Value;
            else if (d.Symbol is { } symbol && i < data.Rank && data[i].Symbol == symbol) result[i] = 0;
            else return null;
        }
        return ConstTensor.Vector(result);
    }

    private (Element[] Dims, bool Scalar)? Symbolic(string value) => _values.TryGetValue(value, out var s) ? s : null;

    private static (Element[], bool)? ShapeOf(OnnxGraph graph, Node node)
    {
        if (graph.ShapeOf(node.Inputs[0]) is not { } shape) return null;
        // A dimension neither known nor symbolic stays an element that folds nowhere (Symbol null, not Known).
        var dims = Enumerable.Range(0, shape.Rank).Select(i => (shape[i].IsKnown, shape[i].Value, shape[i].Symbol)).ToArray();
        long rank = dims.Length, start = node.Int("start", 0), end = node.Int("end", rank);
        start = Math.Clamp(start < 0 ? start + rank : start, 0, rank);
        end = Math.Clamp(end < 0 ? end + rank : end, 0, rank);
        return (dims[(int)start..(int)Math.Max(start, end)], false);
    }

    private (Element[], bool)? Gather(OnnxGraph graph, Node node)
    {
        if (node.Int("axis", 0) != 0 || Symbolic(node.Inputs[0]) is not { Scalar: false } data) return null;
        if (!graph.Initializers.TryGetValue(node.InputOrEmpty(1), out var indices) || indices.Dims.Length > 1) return null;
        var picked = new List<Element>();
        foreach (long index in indices.ToInt64s())
        {
            long at = index < 0 ? index + data.Dims.Length : index;
            if (at < 0 || at >= data.Dims.Length) return null;
            picked.Add(data.Dims[at]);
        }
        return (picked.ToArray(), indices.Dims.Length == 0);
    }

    private (Element[], bool)? Concat(OnnxGraph graph, Node node)
    {
        var dims = new List<Element>();
        foreach (var input in node.Inputs)
        {
            if (Symbolic(input) is { Scalar: false } s) dims.AddRange(s.Dims);
            else if (graph.Initializers.TryGetValue(input, out var t) && t.ElementType == TensorElementType.Int64 && t.Dims.Length == 1)
                dims.AddRange(t.ToInt64s().Select(v => (true, v, (string?)null)));
            else return null;
        }
        return (dims.ToArray(), false);
    }

    private static long[]? Axes(OnnxGraph graph, Node node) =>
        node.Ints("axes") ?? (graph.Initializers.TryGetValue(node.InputOrEmpty(1), out var t) ? t.ToInt64s() : null);
}
