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
    public Dictionary<string, FloatTensor> Run(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds) =>
        Graph.Run(Feeds(input, seeds));

    /// <summary>
    /// Runs forward and backward once into <paramref name="outputs"/> (from <see cref="CreateOutputs"/>),
    /// so that an optimisation loop allocates no large buffers per step.
    /// </summary>
    public void RunInto(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds, IReadOnlyDictionary<string, FloatTensor> outputs) =>
        Graph.RunInto(Feeds(input, seeds), outputs);

    /// <summary>Output buffers for <see cref="RunInto"/> at the input's and seeds' shapes, by graph output name.</summary>
    public Dictionary<string, FloatTensor> CreateOutputs(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds)
    {
        var feeds = Feeds(input, seeds);
        return Graph.OutputNames.ToDictionary(o => o, o => FloatTensor.Zeros(Graph.OutputShape(o, feeds)
            ?? throw new InvalidOperationException($"the shape of output '{o}' depends on data; use Run")));
    }

    private Dictionary<string, FloatTensor> Feeds(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds)
    {
        var feeds = new Dictionary<string, FloatTensor>(StringComparer.Ordinal) { [InputName] = input };
        foreach (var (layer, name) in SeedInputs)
            feeds[name] = seeds.TryGetValue(layer, out var s) ? s : throw new ArgumentException($"no seed tensor for layer '{layer}'", nameof(seeds));
        return feeds;
    }
}
