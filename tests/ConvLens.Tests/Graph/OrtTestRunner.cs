using ConvLens.Graph;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Runs a model in a plain ONNX Runtime session for the graph tests: inputs and outputs are
/// <see cref="ConstTensor"/>s of any element type, so integer and bool results compare bit for bit.
/// </summary>
internal static class OrtTestRunner
{
    /// <summary>Runs <paramref name="model"/> (graph optimizations off, so the graph runs as written) and returns every graph output.</summary>
    public static Dictionary<string, ConstTensor> Run(OnnxModel model, params (string Name, ConstTensor Value)[] inputs) =>
        Run(OnnxModelWriter.ToBytes(model, includeValueInfo: false), model.Graph.Outputs.Select(o => o.Name).ToArray(), inputs);

    /// <summary>Runs serialized model bytes (or a file's bytes) and returns the named outputs.</summary>
    public static Dictionary<string, ConstTensor> Run(byte[] modelBytes, string[] outputs, params (string Name, ConstTensor Value)[] inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(modelBytes, options);
        var values = inputs.Select(i => ToOrtValue(i.Value)).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, outputs);
            return outputs.Zip(results).ToDictionary(p => p.First, p => FromOrtValue(p.Second));
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static OrtValue ToOrtValue(ConstTensor tensor)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance,
            (Microsoft.ML.OnnxRuntime.Tensors.TensorElementType)(int)tensor.ElementType, tensor.Dims);
        tensor.Bytes.Span.CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    private static ConstTensor FromOrtValue(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return new ConstTensor((TensorElementType)(int)info.ElementDataType, info.Shape, value.GetTensorMutableRawData().ToArray());
    }
}
