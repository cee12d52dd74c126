using ConvLens.Graph;
using Microsoft.ML.OnnxRuntime;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Runs a model in plain ONNX Runtime (float32), with <see cref="RefTensor"/>s in and out, so tests can
/// set the runtime's answer beside the reference evaluator's.
/// </summary>
internal static class OrtRunner
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="inputs"/> (only those the session takes are fed;
    /// each is converted to the input's element type) and returns <paramref name="outputs"/>, or every graph output.
    /// </summary>
    public static Dictionary<string, RefTensor> Run(OnnxModel model, IReadOnlyDictionary<string, RefTensor> inputs, IEnumerable<string>? outputs = null)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model, includeValueInfo: false), options);
        var names = (outputs ?? session.OutputMetadata.Keys).ToList();
        var fed = session.InputMetadata.Keys.ToList();
        var values = new List<OrtValue>();
        try
        {
            foreach (var name in fed)
            {
                if (!inputs.TryGetValue(name, out var t)) throw new ArgumentException($"no value given for input '{name}'");
                values.Add(ToOrt(t, session.InputMetadata[name].ElementDataType));
            }
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, fed, values, names);
            return names.Zip(results).ToDictionary(p => p.First, p => FromOrt(p.Second), StringComparer.Ordinal);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static OrtValue ToOrt(RefTensor t, OrtElementType type) => type switch
    {
        OrtElementType.Float => OrtValue.CreateTensorValueFromMemory(t.ToFloats(), t.Shape),
        OrtElementType.Int64 => OrtValue.CreateTensorValueFromMemory(t.ToLongs(), t.Shape),
        OrtElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(t.Data, v => (int)v), t.Shape),
        OrtElementType.Bool => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(t.Data, v => v != 0), t.Shape),
        OrtElementType.Double => OrtValue.CreateTensorValueFromMemory((double[])t.Data.Clone(), t.Shape),
        _ => throw new NotSupportedException($"input of element type {type}"),
    };

    private static RefTensor FromOrt(OrtValue v)
    {
        var info = v.GetTensorTypeAndShape();
        var shape = info.Shape;
        var type = (TensorElementType)(int)info.ElementDataType;
        double[] data = info.ElementDataType switch
        {
            OrtElementType.Float => Array.ConvertAll(v.GetTensorDataAsSpan<float>().ToArray(), f => (double)f),
            OrtElementType.Double => v.GetTensorDataAsSpan<double>().ToArray(),
            OrtElementType.Int64 => Array.ConvertAll(v.GetTensorDataAsSpan<long>().ToArray(), f => (double)f),
            OrtElementType.Int32 => Array.ConvertAll(v.GetTensorDataAsSpan<int>().ToArray(), f => (double)f),
            OrtElementType.Bool => Array.ConvertAll(v.GetTensorDataAsSpan<bool>().ToArray(), f => f ? 1.0 : 0.0),
            _ => throw new NotSupportedException($"output of element type {info.ElementDataType}"),
        };
        return new RefTensor(shape, data, type);
    }
}
