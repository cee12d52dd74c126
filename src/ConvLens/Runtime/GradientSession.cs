namespace ConvLens.Runtime;

/// <summary>
/// A compiled forward-and-backward session with the names to feed and read: the network input, one
/// seed input per seeded layer, forward outputs and gradients; for a layer sliced to some of its channels
/// (<see cref="GradientRequest.SlicedLayers"/>), the selection input that picks them.
/// </summary>
public sealed class GradientSession
{
    internal GradientSession(CompiledGraph graph, string input, IReadOnlyDictionary<string, string> seeds,
        IReadOnlyDictionary<string, string> outputs, IReadOnlyDictionary<string, string> gradients, IReadOnlyList<string> objectives,
        IReadOnlyDictionary<string, string> selections)
    {
        SelectionInputs = selections;
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

    /// <summary>
    /// The selection input (float, K × C, one 1 per row) by the name of each layer that was sliced; for these
    /// layers the seed and the forward output hold only the K selected channels, in the rows' order. A layer
    /// asked to be sliced that could not be (see <see cref="Graph.ChannelSlicer"/>) is absent and has all channels.
    /// </summary>
    public IReadOnlyDictionary<string, string> SelectionInputs { get; }

    /// <summary>Forward output value name by requested layer name.</summary>
    public IReadOnlyDictionary<string, string> OutputValues { get; }

    /// <summary>Gradient output name by the requested with-respect-to name.</summary>
    public IReadOnlyDictionary<string, string> GradientOutputs { get; }

    /// <summary>Value names of the emitted objectives (per batch item), in request order.</summary>
    public IReadOnlyList<string> ObjectiveOutputs { get; }

    /// <summary>
    /// Runs forward and backward once. <paramref name="seeds"/> maps each seeded layer to its <c>dA</c>
    /// tensor (the layer's shape at this batch size); <paramref name="selections"/> maps each layer of
    /// <see cref="SelectionInputs"/> to its selection matrix.
    /// </summary>
    public Dictionary<string, FloatTensor> Run(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds,
        IReadOnlyDictionary<string, FloatTensor>? selections = null) =>
        Graph.Run(Feeds(input, seeds, selections));

    /// <summary>
    /// Runs forward and backward once into <paramref name="outputs"/> (from <see cref="CreateOutputs"/>),
    /// so that an optimisation loop allocates no large buffers per step.
    /// </summary>
    public void RunInto(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds, IReadOnlyDictionary<string, FloatTensor> outputs,
        IReadOnlyDictionary<string, FloatTensor>? selections = null) =>
        Graph.RunInto(Feeds(input, seeds, selections), outputs);

    /// <summary>Output buffers for <see cref="RunInto"/> at the input's and seeds' shapes, by graph output name.</summary>
    public Dictionary<string, FloatTensor> CreateOutputs(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds,
        IReadOnlyDictionary<string, FloatTensor>? selections = null)
    {
        var feeds = Feeds(input, seeds, selections);
        return Graph.OutputNames.ToDictionary(o => o, o => FloatTensor.Zeros(Graph.OutputShape(o, feeds)
            ?? throw new InvalidOperationException($"the shape of output '{o}' depends on data; use Run")));
    }

    private Dictionary<string, FloatTensor> Feeds(FloatTensor input, IReadOnlyDictionary<string, FloatTensor> seeds,
        IReadOnlyDictionary<string, FloatTensor>? selections)
    {
        var feeds = new Dictionary<string, FloatTensor>(StringComparer.Ordinal) { [InputName] = input };
        foreach (var (layer, name) in SeedInputs)
            feeds[name] = seeds.TryGetValue(layer, out var s) ? s : throw new ArgumentException($"no seed tensor for layer '{layer}'", nameof(seeds));
        foreach (var (layer, name) in SelectionInputs)
            feeds[name] = selections?.GetValueOrDefault(layer) ?? throw new ArgumentException($"no channel selection for layer '{layer}', which this session computes for selected channels only", nameof(selections));
        return feeds;
    }
}
