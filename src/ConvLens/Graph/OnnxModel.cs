namespace ConvLens.Graph;

/// <summary>An ONNX model: the graph plus the model-level facts needed to write it back out.</summary>
public sealed class OnnxModel
{
    /// <summary>Creates a model around a graph.</summary>
    public OnnxModel(OnnxGraph graph, long opset)
    {
        Graph = graph;
        Opsets[""] = opset;
    }

    /// <summary>The graph.</summary>
    public OnnxGraph Graph { get; set; }

    /// <summary>ONNX IR version written to files.</summary>
    public long IrVersion { get; set; } = 8;

    /// <summary>Operator set versions by domain ("" is the default ONNX domain).</summary>
    public Dictionary<string, long> Opsets { get; } = new(StringComparer.Ordinal);

    /// <summary>Version of the default ONNX operator set.</summary>
    public long Opset
    {
        get => Opsets.TryGetValue("", out var v) ? v : Opsets.TryGetValue("ai.onnx", out v) ? v : 1;
        set { Opsets.Remove("ai.onnx"); Opsets[""] = value; }
    }

    /// <summary>The program that wrote the model.</summary>
    public string ProducerName { get; set; } = "ConvLens";

    /// <summary>Its version.</summary>
    public string ProducerVersion { get; set; } = "";

    /// <summary>Free-form metadata (key/value) of the model.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the model was read from, for error messages; "(memory)" for built models.</summary>
    public string Source { get; set; } = "(memory)";

    /// <summary>A copy with its own graph (tensors shared).</summary>
    public OnnxModel Clone(OnnxGraph? graph = null)
    {
        var copy = new OnnxModel(graph ?? Graph.Clone(), Opset)
        {
            IrVersion = IrVersion, ProducerName = ProducerName, ProducerVersion = ProducerVersion, Source = Source,
        };
        foreach (var (k, v) in Opsets) copy.Opsets[k] = v;
        foreach (var (k, v) in Metadata) copy.Metadata[k] = v;
        return copy;
    }
}
