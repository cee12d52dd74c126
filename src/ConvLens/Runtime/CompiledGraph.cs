using ConvLens.Graph;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Runtime;

/// <summary>
/// One ONNX Runtime session over a graph ConvLens prepared (pruned, possibly extended with a backward
/// pass). Inputs and outputs are <see cref="FloatTensor"/>s whose arrays ONNX Runtime reads and writes in
/// place, so a loop that reuses its tensors allocates no large buffers per call.
/// </summary>
public sealed class CompiledGraph : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly object _gate = new();
    private int _runCount;
    private bool _disposed;

    internal CompiledGraph(OnnxModel model, EngineOptions options, string description)
    {
        Model = model;
        Description = description;
        InputNames = model.Graph.Inputs.Select(i => i.Name).ToArray();
        OutputNames = model.Graph.Outputs.Select(o => o.Name).ToArray();
        var bytes = OnnxModelWriter.ToBytes(model, includeValueInfo: false);
        using var sessionOptions = SessionOptionsFactory.Create(options);
        try { _session = new InferenceSession(bytes, sessionOptions); }
        catch (OnnxRuntimeException e)
        {
            throw new ConvLensException($"ONNX Runtime cannot run {description} of '{model.Source}': {ShapeInference.FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The graph the session runs (after pruning and differentiation).</summary>
    public OnnxModel Model { get; }

    /// <summary>What this session computes, for messages.</summary>
    public string Description { get; }

    /// <summary>Input names, in graph order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Output names, in graph order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>What the creator attaches (the names a gradient session maps), carried with the cached session.</summary>
    internal object? Tag { get; init; }

    /// <summary>How many times the session has run (tests use it to prove a cache answered).</summary>
    public int RunCount => Volatile.Read(ref _runCount);

    /// <summary>
    /// The concrete shape of <paramref name="output"/> for the given input shapes, or null when a
    /// dimension depends on data.
    /// </summary>
    public int[]? OutputShape(string output, IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        var symbols = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in Model.Graph.Inputs)
        {
            if (info.Shape is null || !inputs.TryGetValue(info.Name, out var t) || t.Shape.Length != info.Shape.Rank) continue;
            for (int i = 0; i < t.Shape.Length; i++)
                if (info.Shape[i].Symbol is { } s) symbols[s] = t.Shape[i];
        }
        var shape = Model.Graph.ShapeOf(output);
        if (shape is null) return null;
        var dims = new int[shape.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = shape[i];
            if (d.IsKnown) dims[i] = (int)d.Value;
            else if (d.Symbol is { } s && symbols.TryGetValue(s, out var v)) dims[i] = v;
            else return null;
        }
        return dims;
    }

    /// <summary>Runs the session, allocating the outputs.</summary>
    /// <exception cref="ConvLensException">An input is missing or has the wrong shape.</exception>
    public Dictionary<string, FloatTensor> Run(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        var outputs = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        bool allKnown = true;
        foreach (var name in OutputNames)
        {
            var shape = OutputShape(name, inputs);
            if (shape is null) { allKnown = false; break; }
            outputs[name] = FloatTensor.Zeros(shape);
        }
        if (allKnown)
        {
            RunInto(inputs, outputs);
            return outputs;
        }
        return RunAllocating(inputs);
    }

    /// <summary>Runs the session writing into caller-owned output tensors (no allocation of large buffers).</summary>
    /// <exception cref="ConvLensException">An input is missing, or an input or output has the wrong shape.</exception>
    public void RunInto(IReadOnlyDictionary<string, FloatTensor> inputs, IReadOnlyDictionary<string, FloatTensor> outputs)
    {
        CheckInputs(inputs);
        foreach (var name in OutputNames)
        {
            if (!outputs.TryGetValue(name, out var t)) throw new ArgumentException($"no buffer for output '{name}'", nameof(outputs));
            var expected = OutputShape(name, inputs);
            if (expected is not null && !expected.AsSpan().SequenceEqual(t.Shape))
                throw new ArgumentException($"output '{name}' needs shape ({string.Join(", ", expected)}), the buffer has {t.ShapeText}", nameof(outputs));
        }
        var inputValues = InputNames.Select(n => Wrap(inputs[n])).ToArray();
        var outputValues = OutputNames.Select(n => Wrap(outputs[n])).ToArray();
        try
        {
            lock (_gate) Execute(() => _session.Run(_runOptions, InputNames, inputValues, OutputNames, outputValues));
        }
        finally
        {
            foreach (var v in inputValues) v.Dispose();
            foreach (var v in outputValues) v.Dispose();
        }
    }

    private Dictionary<string, FloatTensor> RunAllocating(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        CheckInputs(inputs);
        var inputValues = InputNames.Select(n => Wrap(inputs[n])).ToArray();
        try
        {
            IDisposableReadOnlyCollection<OrtValue>? results = null;
            lock (_gate) Execute(() => results = _session.Run(_runOptions, InputNames, inputValues, OutputNames));
            using (results)
            {
                var outputs = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
                int i = 0;
                foreach (var value in results!)
                {
                    var info = value.GetTensorTypeAndShape();
                    outputs[OutputNames[i++]] = new FloatTensor(value.GetTensorDataAsSpan<float>().ToArray(), info.Shape.Select(d => (int)d).ToArray());
                }
                return outputs;
            }
        }
        finally
        {
            foreach (var v in inputValues) v.Dispose();
        }
    }

    private void Execute(Action run)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            run();
            Interlocked.Increment(ref _runCount);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ConvLensException($"ONNX Runtime failed running {Description} of '{Model.Source}': {ShapeInference.FirstLine(e.Message)}", e);
        }
    }

    private void CheckInputs(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        foreach (var info in Model.Graph.Inputs)
        {
            if (!inputs.TryGetValue(info.Name, out var t))
                throw new ConvLensException($"{Description} of '{Model.Source}' needs input '{info.Name}' {info.Shape}");
            if (info.Shape is null) continue;
            bool ok = t.Shape.Length == info.Shape.Rank
                && info.Shape.Dims.Select((d, i) => !d.IsKnown || d.Value == t.Shape[i]).All(x => x);
            if (!ok)
                throw new ConvLensException($"input '{info.Name}' of '{Model.Source}' must have shape {info.Shape} (N = any batch size), got {t.ShapeText}");
        }
    }

    private static OrtValue Wrap(FloatTensor t) =>
        OrtValue.CreateTensorValueFromMemory(t.Data, t.Shape.Select(d => (long)d).ToArray());

    /// <inheritdoc />
    /// <remarks>Waits for a run in progress on another thread: the session cache may evict a session while it runs.</remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _session.Dispose();
            _runOptions.Dispose();
        }
    }
}
