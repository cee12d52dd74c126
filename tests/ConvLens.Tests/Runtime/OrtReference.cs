using ConvLens.Graph;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Tests.Runtime;

/// <summary>Runs a model file in plain ONNX Runtime, as a user would without ConvLens.</summary>
internal static class OrtReference
{
    /// <summary>
    /// Outputs of <paramref name="path"/> for one input. Intermediate values are exposed by listing them as
    /// graph outputs (the only change made to the model), since plain ORT returns graph outputs alone.
    /// </summary>
    public static Dictionary<string, float[]> Run(string path, float[] input, long[] shape, params string[] extraOutputs)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (extraOutputs.Length > 0)
        {
            var proto = ConvLens.Graph.Proto.ModelProto.Parser.ParseFrom(bytes);
            foreach (var o in extraOutputs) proto.Graph.Output.Add(new ConvLens.Graph.Proto.ValueInfoProto { Name = o });
            bytes = Google.Protobuf.MessageExtensions.ToByteArray(proto);
        }
        using var options = new SessionOptions();
        using var session = new InferenceSession(bytes, options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        var names = session.OutputNames;
        using var results = session.Run(new RunOptions(), [session.InputNames[0]], [value], names);
        return names.Zip(results).ToDictionary(p => p.First, p => p.Second.GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>Largest |a−b| relative to the largest |b|.</summary>
    public static double RelativeError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double maxDiff = 0, maxRef = 1e-12;
        for (int i = 0; i < a.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(a[i] - b[i]));
            maxRef = Math.Max(maxRef, Math.Abs(b[i]));
        }
        return maxDiff / maxRef;
    }
}
