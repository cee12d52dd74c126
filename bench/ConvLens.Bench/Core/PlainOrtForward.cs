using ConvLens.Bench.Infrastructure;
using ConvLens.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Core;

/// <summary>
/// The baseline: ONNX Runtime used directly on the ONNX file, the way its documentation shows — an
/// <see cref="InferenceSession"/> with only the thread count and the optimisation level set, every other
/// option at its default (memory patterns on, pre-packing on, spinning threads). Input and output
/// buffers are bound once, the fastest way to call it, so the ratio measures ConvLens's own overhead.
/// </summary>
public sealed class PlainOrtForward : ITimedCase, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    /// <summary>Binds <paramref name="input"/> and an output buffer to <paramref name="session"/>.</summary>
    public PlainOrtForward(InferenceSession session, FloatTensor input)
    {
        _session = session;
        _inputNames = [session.InputNames[0]];
        _outputNames = [session.OutputNames[0]];
        // Symbolic dimensions (-1) of the file's output are the batch.
        var shape = session.OutputMetadata[_outputNames[0]].Dimensions.Select(d => d < 0 ? input.BatchSize : d).ToArray();
        Output = FloatTensor.Zeros(shape);
        _inputs = [OrtValue.CreateTensorValueFromMemory(input.Data, input.Shape.Select(d => (long)d).ToArray())];
        _outputs = [OrtValue.CreateTensorValueFromMemory(Output.Data, shape.Select(d => (long)d).ToArray())];
    }

    /// <summary>Opens the file with the plain options described on the class.</summary>
    public static InferenceSession CreateSession(string path, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(path, options);
    }

    /// <inheritdoc />
    public string Label => "plain ORT";

    /// <summary>The last run's output.</summary>
    public FloatTensor Output { get; }

    /// <inheritdoc />
    public void RunOnce() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var v in _inputs.Concat(_outputs)) v.Dispose();
        _runOptions.Dispose();
    }
}
