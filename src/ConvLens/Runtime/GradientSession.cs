namespace ConvLens.Runtime;

/// <summary>
/// A compiled forward-and-backward session with the names to feed and read: the network input, one
/// seed input per seeded layer, forward outputs and gradients.
/// </summary>
public sealed class GradientSession
{
    internal GradientSession(CompiledGraph graph, string input, IReadOnlyDictionary<string, string> seeds,
        IReadOnlyDictionary<string, string> outputs, IReadOnlyDictionary<string, string> gradients, IReadOnlyList<string> objectives)
    {
        Graph = graph;
        InputName = input;
        SeedInputs = seeds;
        OutputValues = outputs;
        GradientOutputs = gradients;
        ObjectiveOutputs = objectives;
    }

    /// <summary>The ONNX Runtime session.</summary>
    public CompiledGraph Graph { get; }

    /// <summary>The network input's name.</summary>
    public string InputName { get; }

    /// <summary>Seed input name by requested layer name.</summary>
    public IReadOnlyDictionary<string, string> SeedInputs { get; }

    /// <summary>Forward output value name by requested layer name.</summary>
    public IReadOnlyDictionary<string, string> OutputValues { get; }

    /// <summary>Gradient output name by the requested with-respect-to name.</summary>
    public IReadOnlyDictionary<string, string> GradientOutputs { get; }

    /// <summary>Value names of the emitted objectives (per batch item), in request order.</summary>
    public IReadOnlyList<string> ObjectiveOutputs { get; }

    /// <summary>
    /// Runs forward and backward once. <paramref name="seeds"/> maps each seeded layer to its <c>dA</c>
    /// tensor (the layer's shape at this batch size).
    /// </summary>
    public Dictionary<string, FloatTensor> Run(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds)
    {
        var feeds = new Dictionary<string, FloatTensor>(StringComparer.Ordinal) { [InputName] = input };
        foreach (var (layer, name) in SeedInputs)
            feeds[name] = seeds.TryGetValue(layer, out var s) ? s : throw new ArgumentException($"no seed tensor for layer '{layer}'", nameof(seeds));
        return Graph.Run(feeds);
    }
}
