using ConvLens.Graph;

namespace ConvLens.Models.Preprocessing;

/// <summary>
/// Reads the mean image of the packaged ResNet18's own preprocessing model (CNTK's
/// <c>ResNetPreprocess.onnx</c>, copied beside the library as <c>models/resnet18-featurizer.preprocess.onnx</c>).
/// That model splits the RGB input into channels, concatenates them as B, G, R and subtracts a 1×3×224×224
/// mean image; the structure is checked, so a different file is refused rather than misread.
/// </summary>
public static class FeaturizerMeanImage
{
    /// <summary>Where the build puts the preprocessing model.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "resnet18-featurizer.preprocess.onnx");

    /// <summary>The mean image (BGR planes, channel-major) and its size.</summary>
    /// <exception cref="ConvLensException">The file is missing or is not Split → Concat(B, G, R) → Sub(mean image).</exception>
    public static (float[] Bgr, int Height, int Width) Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
            throw new ConvLensException($"the ResNet18 preprocessing model should be at '{path}' but is missing; rebuild ConvLens (dotnet build) to restore it");
        var graph = OnnxModelReader.ReadFile(path).Graph;
        var split = graph.Nodes.SingleOrDefault(n => n.OpType == "Split");
        var concat = graph.Nodes.SingleOrDefault(n => n.OpType == "Concat");
        var sub = graph.Nodes.SingleOrDefault(n => n.OpType == "Sub");
        if (split is null || concat is null || sub is null || split.Outputs.Count != 3 || split.Int("axis", 0) != 1 || concat.Int("axis", 0) != 1
            || !concat.Inputs.SequenceEqual(split.Outputs.AsEnumerable().Reverse()) || sub.Inputs[0] != concat.Outputs[0])
            throw new ConvLensException($"'{path}' is not the expected ResNet18 preprocessing (Split channels, Concat as B, G, R along axis 1, Sub a mean image)");
        if (!graph.Initializers.TryGetValue(sub.Inputs[1], out var mean) || !IsOneMeanImage(mean.Dims))
            throw new ConvLensException($"'{path}': the subtracted value '{sub.Inputs[1]}' is not a constant (1, 3, H, W) mean image");
        return (mean.ToFloats(), (int)mean.Dims[^2], (int)mean.Dims[^1]);
    }

    /// <summary>(3, H, W) or (1, 3, H, W).</summary>
    private static bool IsOneMeanImage(long[] dims) => dims.Length is 3 or 4 && dims[^3] == 3 && (dims.Length == 3 || dims[0] == 1);
}
