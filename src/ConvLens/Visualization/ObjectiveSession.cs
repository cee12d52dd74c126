using ConvLens.Autodiff;
using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Visualization;

/// <summary>
/// An <see cref="Objective"/> compiled for one network and batch size: each <see cref="Run"/> is one
/// forward and backward pass that yields the objective of every batch item and its gradient with respect
/// to the network input (pixels) or, asked for, the preprocessed image. Linear terms are seed tensors built
/// once here; non-linear terms are nodes of the session. A layer whose linear terms touch few channels is
/// computed for those channels only (<see cref="GradientRequest.SlicedLayers"/>). The session itself belongs to the network's
/// cache (compiled once per layer set, objective nodes and rule set, and compiled again should the cache
/// have evicted it); this object owns the buffers.
/// </summary>
public sealed class ObjectiveSession : IDisposable
{
    private readonly Network _network;
    private readonly GradientRequest _request;
    private readonly Dictionary<string, FloatTensor> _seeds;
    private readonly Dictionary<string, FloatTensor> _selections;
    private readonly Dictionary<string, FloatTensor> _outputs;
    private readonly (FloatTensor Activation, FloatTensor Seed)[] _linear;
    private readonly FloatTensor[] _graphValues;
    private bool _disposed;

    /// <summary>Compiles (or takes from the network's cache) the session for <paramref name="objective"/>.</summary>
    /// <param name="network">The network; not owned.</param>
    /// <param name="objective">What to maximise.</param>
    /// <param name="batchSize">Images per pass.</param>
    /// <param name="registry">Gradient rules (plain by default; <see cref="GradientRegistry.GradientRedirect"/> for Lucid's first steps).</param>
    /// <param name="preprocessedSpace">
    /// Differentiate with respect to the preprocessed image (the network's <see cref="Network.PreprocessedInput"/>)
    /// rather than the pixels; the same as the pixels when the model has no preprocessing.
    /// </param>
    /// <param name="sliceChannels">
    /// Compute a layer whose linear terms touch at most half its channels for those channels only (see
    /// <see cref="GradientRequest.SlicedLayers"/>): the same values and gradients, less work. Off only to compare.
    /// </param>
    /// <exception cref="ConvLensException">A layer, channel or position does not exist, a term targets an item outside the batch, or the model fixes another batch size.</exception>
    public ObjectiveSession(Network network, Objective objective, int batchSize, GradientRegistry? registry = null, bool preprocessedSpace = false,
        bool sliceChannels = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var (channels, height, width) = network.InputSize;
        if (network.FixedBatch && network.Input.Shape![0].IsKnown && network.Input.Shape[0].Value != batchSize)
            throw new ConvLensException($"'{network.Model.Source}' fixes its batch size to {network.Input.Shape[0].Value}; a batch of {batchSize} images cannot run. Visualise {network.Input.Shape[0].Value} at a time.");
        BatchSize = batchSize;
        InputShape = [batchSize, channels, height, width];

        // One seed per ONNX value: two names for one layer (an alias and its value name) must share it.
        var seeded = new List<(string Name, string Value, int[] Shape, List<LinearObjectiveTerm> Terms)>();
        foreach (var term in objective.LinearTerms)
        {
            var layer = network.Layers.Resolve(term.Layer);
            var entry = seeded.FirstOrDefault(s => s.Value == layer.Value);
            if (entry.Name is null)
            {
                entry = (term.Layer, layer.Value, ItemShape(layer, term.Layer), []);
                seeded.Add(entry);
            }
            term.Validate(layer, entry.Shape);
            if (term.Item is { } item && (item < 0 || item >= batchSize))
                throw new ConvLensException($"the objective term {term} targets batch item {item}, but the batch has {batchSize} images (items 0..{batchSize - 1})");
            entry.Terms.Add(term);
        }
        var graphTerms = objective.GraphTerms.Select(t => t.Emit(network.Layers.Resolve(t.Layer).Value)).ToArray();

        var wrt = preprocessedSpace && network.PreprocessedInput is { } preprocessed ? preprocessed : network.Input.Name;
        WithRespectTo = wrt;
        _network = network;
        var fullSeeds = seeded.ToDictionary(s => s.Name, s => BuildSeed(batchSize, s.Shape, s.Terms), StringComparer.Ordinal);
        var channelSets = seeded.Where(s => sliceChannels && s.Shape.Length >= 2)
            .Select(s => (s.Name, Channels: UsedChannels(fullSeeds[s.Name], s.Shape[0])))
            .Where(s => s.Channels.Length > 0)
            .ToDictionary(s => s.Name, s => s.Channels, StringComparer.Ordinal);
        _request = new GradientRequest
        {
            SeededLayers = seeded.Select(s => s.Name).ToArray(),
            Outputs = seeded.Select(s => s.Name).ToArray(),
            Objectives = graphTerms,
            WithRespectTo = [wrt],
            Registry = registry,
            SlicedLayers = channelSets.ToDictionary(c => c.Key, c => c.Value.Length, StringComparer.Ordinal),
        };
        var session = network.Gradient(_request);

        _seeds = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        _selections = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        foreach (var (name, _, shape, _) in seeded)
        {
            if (session.SelectionInputs.ContainsKey(name)) (_seeds[name], _selections[name]) = Slice(fullSeeds[name], channelSets[name], shape[0]);
            else _seeds[name] = fullSeeds[name];
        }
        var probe = FloatTensor.Zeros(InputShape);
        _outputs = session.CreateOutputs(probe, _seeds, _selections);
        _linear = seeded.Select(s => (_outputs[session.OutputValues[s.Name]], _seeds[s.Name])).ToArray();
        _graphValues = session.ObjectiveOutputs.Select(o => _outputs[o]).ToArray();
        Gradient = _outputs[session.GradientOutputs[wrt]];
        Values = new double[batchSize];
    }

    /// <summary>Images per pass.</summary>
    public int BatchSize { get; }

    /// <summary>The shape of the input batch (N, C, H, W) at the network's input size.</summary>
    public int[] InputShape { get; }

    /// <summary>The value the gradient is taken with respect to (the input's name or the preprocessed image's).</summary>
    public string WithRespectTo { get; }

    /// <summary>After <see cref="Run"/>: d(objective of item i)/d(image i) for every item, shaped like the input.</summary>
    public FloatTensor Gradient { get; }

    /// <summary>After <see cref="Run"/>: the objective of each batch item.</summary>
    public double[] Values { get; }

    /// <summary>
    /// The seed tensor of each seeded layer (the linear terms' gradient with respect to it); for a layer
    /// computed for selected channels only (see the constructor's <c>sliceChannels</c>), of those channels.
    /// </summary>
    public IReadOnlyDictionary<string, FloatTensor> Seeds => _seeds;

    /// <summary>One forward and backward pass on <paramref name="input"/> (pixels 0..255 for a model with preprocessing).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public void Run(FloatTensor input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Asked of the network every time (a dictionary look-up): its cache may have evicted and disposed the
        // session since the last run, and then compiles the same graph again, with the same value names.
        _network.Gradient(_request).RunInto(input, _seeds, _outputs, _selections);
        Array.Clear(Values);
        foreach (var (activation, seed) in _linear)
            for (int i = 0; i < BatchSize; i++)
            {
                // The linear terms' value is <A, seed>: the seed is the objective's gradient with respect to A.
                var a = activation.Item(i);
                var s = seed.Item(i);
                double sum = 0;
                for (int k = 0; k < a.Length; k++) sum += (double)a[k] * s[k];
                Values[i] += sum;
            }
        foreach (var values in _graphValues)
            for (int i = 0; i < BatchSize; i++) Values[i] += values.Data[i];
    }

    private static FloatTensor BuildSeed(int batchSize, int[] shape, List<LinearObjectiveTerm> terms)
    {
        var seed = FloatTensor.Zeros([batchSize, .. shape]);
        for (int i = 0; i < batchSize; i++)
            foreach (var term in terms.Where(t => t.Item is null || t.Item == i))
                term.AddSeed(seed.Item(i), shape);
        return seed;
    }

    /// <summary>The channels where some item's seed is non-zero, when they are at most half of them; else empty.</summary>
    private static int[] UsedChannels(FloatTensor seed, int channels)
    {
        int plane = seed.Length / seed.BatchSize / channels;
        var used = Enumerable.Range(0, channels).Where(c => Enumerable.Range(0, seed.BatchSize)
            .Any(i => seed.Item(i).Slice(c * plane, plane).ContainsAnyExcept(0f))).ToArray();
        return used.Length * 2 <= channels ? used : [];
    }

    /// <summary>The seed's selected channels, in order, and the one-hot selection matrix (K × C) that picks them.</summary>
    private static (FloatTensor Seed, FloatTensor Selection) Slice(FloatTensor seed, int[] selected, int channels)
    {
        int plane = seed.Length / seed.BatchSize / channels;
        var sliced = FloatTensor.Zeros([seed.BatchSize, selected.Length, .. seed.Shape[2..]]);
        for (int i = 0; i < seed.BatchSize; i++)
            for (int k = 0; k < selected.Length; k++)
                seed.Item(i).Slice(selected[k] * plane, plane).CopyTo(sliced.Item(i).Slice(k * plane, plane));
        var selection = FloatTensor.Zeros(selected.Length, channels);
        for (int k = 0; k < selected.Length; k++) selection.Data[k * channels + selected[k]] = 1f;
        return (sliced, selection);
    }

    private static int[] ItemShape(Graph.Layer layer, string name)
    {
        if (layer.Shape is not { Rank: >= 2 } shape || !shape.Dims.Skip(1).All(d => d.IsKnown))
            throw new ConvLensException($"layer '{name}' ({layer.Value}) has shape {layer.Shape?.ToString() ?? "unknown"}; objectives need a layer of known shape (N, C, ...)");
        return shape.Dims.Skip(1).Select(d => (int)d.Value).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>The compiled session stays in the network's cache (the network disposes it); the buffers are released.</remarks>
    public void Dispose() => _disposed = true;
}
