using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Graph;

/// <summary>
/// Static shapes of every value, by ONNX's own shape-inference rules as ONNX Runtime applies them: the
/// graph is opened in a probe session whose large weights are replaced by inputs of the same shape (so
/// nothing is copied and opening takes milliseconds) and every value is an output; the session's output
/// metadata then carries each inferred shape, symbolic batch dimension included. Using the runtime's
/// rules means ConvLens never disagrees with the runtime about a shape, for any operator it runs.
/// </summary>
public static class ShapeInference
{
    /// <summary>Float initializers up to this many elements stay constants in the probe (they may be shape-like, e.g. Resize scales).</summary>
    private const int SmallConstantLimit = 64;

    /// <summary>Fills <see cref="OnnxGraph.ValueInfos"/> with the type and shape of every node output.</summary>
    /// <exception cref="ConvLensException">ONNX Runtime rejects the graph (an unknown operator, mismatched shapes).</exception>
    public static void Infer(OnnxModel model)
    {
        var graph = model.Graph;
        var probe = graph.Clone();
        probe.ValueInfos.Clear();
        foreach (var (name, t) in graph.Initializers)
        {
            if (t.ElementType != TensorElementType.Float || t.ElementCount <= SmallConstantLimit) continue;
            probe.Initializers.Remove(name);
            probe.Inputs.Add(new ValueInfo(name, t.ElementType, t.Shape));
        }
        var graphOutputs = new HashSet<string>(graph.Outputs.Select(o => o.Name), StringComparer.Ordinal);
        probe.Outputs.Clear();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in probe.Nodes)
            foreach (var output in node.Outputs.Where(o => o.Length > 0 && seen.Add(o)))
                probe.Outputs.Add(new ValueInfo(output, TensorElementType.Undefined, null));
        if (probe.Outputs.Count == 0) return;

        var metadata = OutputMetadata(model, probe);
        var scalars = Scalars(model, probe, metadata.Where(kv => kv.Value.IsTensor && kv.Value.Dimensions.Length == 0).Select(kv => kv.Key).ToList());

        foreach (var (name, meta) in metadata)
        {
            if (!meta.IsTensor) continue;
            var shape = meta.Dimensions.Length > 0 || scalars.Contains(name) ? ToShape(meta) : null;
            var info = new ValueInfo(name, ToElementType(meta.ElementDataType), shape);
            if (graphOutputs.Contains(name))
            {
                int i = graph.Outputs.FindIndex(o => o.Name == name);
                graph.Outputs[i] = info;
            }
            graph.ValueInfos[name] = info;
        }
    }

    /// <summary>The probe session's output metadata: the runtime's inferred type and shape of every output.</summary>
    private static Dictionary<string, NodeMetadata> OutputMetadata(OnnxModel model, OnnxGraph probe)
    {
        var bytes = OnnxModelWriter.ToBytes(model.Clone(probe), includeValueInfo: false);
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
            using var session = new InferenceSession(bytes, options);
            return session.OutputMetadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ConvLensException($"'{model.Source}' cannot be loaded by ONNX Runtime: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Which of <paramref name="rankless"/> are scalars. The metadata reports no dimensions both for a
    /// scalar and for a value whose rank inference could not find (a Reshape to a computed shape); taken
    /// for a scalar, the latter would make <c>Shape</c> of it fold to an empty vector. <c>Shape</c> of each
    /// tells them apart: its length is 0 for a scalar and unknown when the rank is.
    /// </summary>
    private static HashSet<string> Scalars(OnnxModel model, OnnxGraph probe, List<string> rankless)
    {
        if (rankless.Count == 0) return [];
        var ranks = probe.Clone();
        ranks.Outputs.Clear();
        var rankOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in rankless)
        {
            string rank = $"{name}\u001frank";
            rankOf[name] = rank;
            ranks.Nodes.Add(new Node("Shape", [name], [rank], rank));
            ranks.Outputs.Add(new ValueInfo(rank, TensorElementType.Undefined, null));
        }
        var metadata = OutputMetadata(model, ranks);
        return rankless.Where(n => metadata[rankOf[n]].Dimensions is [0]).ToHashSet(StringComparer.Ordinal);
    }

    private static TensorShape ToShape(NodeMetadata meta) =>
        new(meta.Dimensions.Select((d, i) => d >= 0 ? Dim.Of(d)
            : meta.SymbolicDimensions.Length > i && meta.SymbolicDimensions[i].Length > 0 ? Dim.Sym(meta.SymbolicDimensions[i])
            : Dim.Unknown));

    private static TensorElementType ToElementType(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType t) => (TensorElementType)(int)t;

    internal static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}
