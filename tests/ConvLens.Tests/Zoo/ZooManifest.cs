using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConvLens.Tests.Zoo;

/// <summary>What <c>tests/zoo/export_zoo.py</c> wrote for one architecture: PyTorch's answers to compare with.</summary>
internal sealed record ZooManifest
{
    [JsonPropertyName("arch")] public required string Arch { get; init; }
    [JsonPropertyName("opset")] public required int Opset { get; init; }
    [JsonPropertyName("size")] public required int Size { get; init; }
    [JsonPropertyName("images")] public required string[] Images { get; init; }
    [JsonPropertyName("logits")] public required ZooArray Logits { get; init; }
    [JsonPropertyName("top5")] public required int[][] Top5 { get; init; }
    [JsonPropertyName("gradients")] public required ZooGradient[] Gradients { get; init; }

    /// <summary>The folder the manifest was read from; arrays and the model live there.</summary>
    [JsonIgnore] public string Folder { get; private init; } = "";

    /// <summary>The exported model.</summary>
    [JsonIgnore] public string Model => Path.Combine(Folder, "model.onnx");

    /// <summary>The images' paths (shared by every architecture of the same input size).</summary>
    [JsonIgnore] public IEnumerable<string> ImagePaths => Images.Select(i => Path.Combine(Folder, "..", i));

    public static ZooManifest Read(string folder)
    {
        var manifest = JsonSerializer.Deserialize<ZooManifest>(File.ReadAllText(Path.Combine(folder, "manifest.json")))
            ?? throw new InvalidDataException($"{folder}/manifest.json is empty");
        return manifest with { Folder = folder };
    }

    /// <summary>A float32 little-endian array the exporter wrote.</summary>
    public float[] Load(ZooArray array)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, array.File));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        if (values.LongLength != array.Shape.Aggregate(1L, (a, d) => a * d))
            throw new InvalidDataException($"{array.File}: {values.Length} values, shape [{string.Join(",", array.Shape)}]");
        return values;
    }
}

/// <summary>An array file and its shape.</summary>
internal record ZooArray
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("shape")] public required long[] Shape { get; init; }
}

/// <summary>Autograd's gradient, with respect to the normalised input, of a class logit or a channel's spatial mean.</summary>
internal sealed record ZooGradient : ZooArray
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("class")] public int? Class { get; init; }
    [JsonPropertyName("layer")] public string? Layer { get; init; }
    [JsonPropertyName("channel")] public int? Channel { get; init; }
    [JsonPropertyName("value")] public required double Value { get; init; }
    [JsonPropertyName("activation_shape")] public long[]? ActivationShape { get; init; }

    /// <summary>The same gradient computed by autograd in float64: the truth both engines are judged against.</summary>
    [JsonPropertyName("float64")] public required ZooArray Float64 { get; init; }

    /// <summary>Relative L2 distance of PyTorch's float32 gradient from the float64 one: how well float32 can do here.</summary>
    [JsonPropertyName("float32_error")] public required double Float32Error { get; init; }
}
