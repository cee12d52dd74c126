using System.Security.Cryptography;
using ConvLens.Autodiff;
using ConvLens.Graph;

namespace ConvLens.Runtime;

/// <summary>
/// A loaded CNN: its graph (normalised, shapes inferred, shape arithmetic folded, batch dimension
/// dynamic), its layer names, and the ONNX Runtime sessions that compute activations and gradients.
/// Sessions are compiled on first use for exactly the layers asked for (so asking for an early layer
/// never loads later weights) and cached per (model fingerprint, outputs, gradient request).
/// </summary>
public sealed class Network : IDisposable
{
    private readonly SessionCache _sessions;

    private Network(OnnxModel model, string fingerprint, EngineOptions options, bool fixedBatch)
    {
        Model = model;
        Fingerprint = fingerprint;
        Options = options;
        FixedBatch = fixedBatch;
        _sessions = new SessionCache(options.SessionCacheCapacity);
        var inputs = model.Graph.Inputs;
        if (inputs.Count != 1)
            throw new ConvLensException($"'{model.Source}' has {inputs.Count} runtime inputs ({string.Join(", ", inputs.Select(i => i.Name))}); ConvLens expects one image input");
        Input = inputs[0];
        if (Input.ElementType != TensorElementType.Float || Input.Shape is not { Rank: 4 })
            throw new ConvLensException($"'{model.Source}': input '{Input.Name}' is {Input.ElementType} {Input.Shape}; ConvLens expects a float image batch (N, C, H, W)");
        Layers = new LayerCatalog(model);
    }

    /// <summary>Loads an ONNX file.</summary>
    /// <exception cref="ConvLensException">The file is missing or not a model ConvLens can run.</exception>
    public static Network Load(string path, EngineOptions? options = null)
    {
        var model = OnnxModelReader.ReadFile(path);
        return FromModel(model, options, Models.FileFingerprint.Of(path));
    }

    /// <summary>Wraps a model built or read in memory.</summary>
    public static Network FromModel(OnnxModel model, EngineOptions? options = null, string? fingerprint = null)
    {
        options ??= new EngineOptions();
        model = model.Clone();
        OpsetNormalizer.Normalize(model);
        bool fixedBatch = !MakeBatchDynamic(model);
        if (CeilModePoolRewriter.Rewrite(model) > 0) ShapeInference.Infer(model);
        ConstantFolder.Fold(model);
        fingerprint ??= Convert.ToHexString(SHA256.HashData(OnnxModelWriter.ToBytes(model)))[..16].ToLowerInvariant();
        return new Network(model, fingerprint, options, fixedBatch);
    }

    /// <summary>The prepared graph (do not modify: sessions are cached on its fingerprint).</summary>
    public OnnxModel Model { get; }

    /// <summary>Short SHA-256 of the model file (or of the built model).</summary>
    public string Fingerprint { get; }

    /// <summary>The engine options sessions are built with.</summary>
    public EngineOptions Options { get; }

    /// <summary>True when the graph hard-codes its batch size, so only that batch size runs.</summary>
    public bool FixedBatch { get; }

    /// <summary>The image input (N, C, H, W).</summary>
    public ValueInfo Input { get; }

    /// <summary>Channels, height and width of the input.</summary>
    public (int Channels, int Height, int Width) InputSize =>
        ((int)Input.Shape![1].Value, (int)Input.Shape[2].Value, (int)Input.Shape[3].Value);

    /// <summary>The preprocessing preset in the graph (<c>none</c> when the input is the model's own).</summary>
    public string Preprocessing => Model.Metadata.GetValueOrDefault(Models.Preprocessing.PreprocessMetadata.Preset, "none");

    /// <summary>
    /// The model's original input, now the preprocessed image, when a preset was prepended: pass it in
    /// <see cref="GradientRequest.WithRespectTo"/> for gradients in preprocessed space; null otherwise.
    /// </summary>
    public string? PreprocessedInput => Model.Metadata.GetValueOrDefault(Models.Preprocessing.PreprocessMetadata.PreprocessedInput);

    /// <summary>The layers and their names.</summary>
    public LayerCatalog Layers { get; }

    /// <summary>How many sessions this network has compiled so far (cache misses).</summary>
    public int SessionsCompiled => _sessions.Compilations;

    /// <summary>The session computing <paramref name="layers"/> (names or aliases) and nothing after them.</summary>
    public CompiledGraph Forward(IReadOnlyList<string> layers)
    {
        var values = layers.Select(l => Layers.Resolve(l).Value).Distinct().ToArray();
        var key = $"{Fingerprint}|forward|{string.Join("\u001f", values)}";
        return _sessions.GetOrAdd(key, () =>
        {
            var pruned = GraphPruner.Prune(Model, values);
            return new CompiledGraph(pruned, Options, $"the forward pass to {string.Join(", ", layers)}");
        });
    }

    /// <summary>Activations of <paramref name="layers"/> for a batch of inputs, by requested name.</summary>
    public Dictionary<string, FloatTensor> Activations(FloatTensor input, params string[] layers)
    {
        var session = Forward(layers);
        var outputs = session.Run(new Dictionary<string, FloatTensor> { [Input.Name] = input });
        return layers.Distinct().ToDictionary(l => l, l => outputs[Layers.Resolve(l).Value]);
    }

    /// <summary>The session computing the gradients described by <paramref name="request"/>.</summary>
    public GradientSession Gradient(GradientRequest request)
    {
        var registry = request.Registry ?? GradientRegistry.Default;
        var seeded = request.SeededLayers.Select(l => (Name: l, Value: Layers.Resolve(l).Value)).ToArray();
        var outputs = request.Outputs.Select(l => (Name: l, Value: Layers.Resolve(l).Value)).ToArray();
        var wrt = (request.WithRespectTo.Count == 0 ? [Input.Name] : request.WithRespectTo)
            .Select(w => (Name: w, Value: w == Input.Name ? w : Layers.Resolve(w).Value)).ToArray();
        if (seeded.Length + request.Objectives.Count == 0)
            throw new ArgumentException("a gradient request needs a seeded layer or an objective", nameof(request));
        var slices = SlicesByValue(request, seeded);
        var key = string.Join("|", Fingerprint, "gradient", string.Join(",", seeded.Select(s => s.Value)),
            string.Join(",", request.Objectives.Select(o => o.Key)), string.Join(",", wrt.Select(w => w.Value)),
            string.Join(",", outputs.Select(o => o.Value)), registry.Name, string.Join(",", slices.Select(s => $"{s.Key}[{s.Value}]")));

        var graph = _sessions.GetOrAdd(key, () =>
        {
            var prepared = GradientModelBuilder.Build(Model, seeded.Select(s => s.Value).ToArray(), outputs.Select(o => o.Value).ToArray(),
                wrt.Select(w => w.Value).ToArray(), request.Objectives, slices);
            var forward = outputs.Select(o => prepared.Computed(o.Value)).Concat(prepared.ObjectiveValues).ToList();
            var seeds = seeded.Select(s => GradientSeed.Input(prepared.Computed(s.Value))).Concat(prepared.ObjectiveValues.Select(GradientSeed.Ones)).ToList();
            GradientGraph differentiated;
            try
            {
                differentiated = ReverseModeDifferentiator.Differentiate(prepared.Model, seeds, wrt.Select(w => w.Value).ToList(), forward, registry);
            }
            catch (MissingGradientRuleException missing)
            {
                throw MissingRuleAdvice.Explain(Model, Layers, missing, seeded.Select(s => s.Name).Concat(request.Objectives.Select(o => o.Key)));
            }
            var what = string.Join(", ", seeded.Select(s => s.Name).Concat(request.Objectives.Select(o => o.Key)));
            return new CompiledGraph(differentiated.Model, Options, $"the gradient of {what}")
            {
                Tag = new CompiledGradient(differentiated, prepared),
            };
        });
        var compiled = (CompiledGradient)graph.Tag!;
        var gg = compiled.Graph;
        var prep = compiled.Prepared;
        return new GradientSession(graph, Input.Name,
            seeded.ToDictionary(s => s.Name, s => gg.SeedInputs[prep.Computed(s.Value)]),
            outputs.ToDictionary(o => o.Name, o => prep.Computed(o.Value)),
            wrt.ToDictionary(w => w.Name, w => gg.Gradients[w.Value]),
            prep.ObjectiveValues,
            seeded.Where(s => prep.Sliced.ContainsKey(s.Value)).ToDictionary(s => s.Name, s => prep.Sliced[s.Value].Selection));
    }

    /// <summary>The request's sliced layers by value; every one must be a seeded layer, and one value has one channel count.</summary>
    private Dictionary<string, int> SlicesByValue(GradientRequest request, (string Name, string Value)[] seeded)
    {
        var slices = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, count) in request.SlicedLayers)
        {
            var value = Layers.Resolve(name).Value;
            if (!seeded.Any(s => s.Value == value))
                throw new ArgumentException($"sliced layer '{name}' is not one of the request's seeded layers", nameof(request));
            if (count < 1) throw new ArgumentException($"sliced layer '{name}' must keep at least one channel, not {count}", nameof(request));
            if (slices.TryGetValue(value, out int other) && other != count)
                throw new ArgumentException($"sliced layer '{name}' is asked for {count} and {other} channels", nameof(request));
            slices[value] = count;
        }
        return slices;
    }

    /// <summary>Makes the batch dimension symbolic when the model fixed it, unless the graph depends on it.</summary>
    /// <returns>True when the batch is dynamic.</returns>
    private static bool MakeBatchDynamic(OnnxModel model)
    {
        var graph = model.Graph;
        if (graph.Inputs.Count != 1 || graph.Inputs[0].Shape is not { Rank: >= 1 } shape)
        {
            ShapeInference.Infer(model);
            return false;
        }
        if (!shape[0].IsKnown)
        {
            ShapeInference.Infer(model);
            return true;
        }
        var original = graph.Inputs[0];
        graph.Inputs[0] = original with { Shape = shape.With(0, Dim.Sym("N")) };
        try
        {
            ShapeInference.Infer(model);
            // Every output must still carry the batch symbol; a graph with batch-specific Reshapes does not.
            if (graph.Outputs.All(o => o.Shape is { Rank: >= 1 } s && s[0].Symbol == "N")) return true;
        }
        catch (ConvLensException) { }
        graph.Inputs[0] = original;
        ShapeInference.Infer(model);
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _sessions.Dispose();
}
