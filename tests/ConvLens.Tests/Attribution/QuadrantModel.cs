using ConvLens.Graph;

namespace ConvLens.Tests.Attribution;

/// <summary>
/// A small classifier whose answer depends on known image quadrants. The image (N, 3, 16, 24) is multiplied
/// by a quadrant mask before anything else, so nothing outside the quadrant can reach the class score:
/// class 0 reads only the top-right quadrant (rows 0–7, columns 12–23), class 1 only the bottom-left one
/// (rows 8–15, columns 0–11). Each quadrant has its own branch: 3×3 conv + ReLU (4 channels), the branches
/// are concatenated, 2×2 max-pooled to 8 × 12, mixed by a block-diagonal 1×1 conv + ReLU (the last
/// convolution, <c>features</c>, 8 channels: 0–3 from the top-right branch, 4–7 from the bottom-left),
/// averaged over positions and read by a Gemm whose class 0 weighs channels 0–3 and class 1 channels 4–7.
/// Weights are positive (seeded), biases zero, so every channel responds inside its quadrant.
/// </summary>
internal static class QuadrantModel
{
    public const int Height = 16, Width = 24;
    public const string Features = "features";
    public const string Logits = "logits";

    /// <summary>The quadrants, as (first row, first column) of an 8 × 12 block.</summary>
    public static readonly (int Row, int Column) TopRight = (0, 12), BottomLeft = (8, 0);

    /// <summary>The model; with <paramref name="bothBranches"/> false only the top-right branch exists (one class).</summary>
    public static OnnxModel Build(int seed, bool bothBranches = true)
    {
        var random = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, Height, Width);
        var branches = new List<string> { Branch(b, x, "tr", TopRight, random) };
        if (bothBranches) branches.Add(Branch(b, x, "bl", BottomLeft, random));
        int channels = 4 * branches.Count;
        var joined = branches.Count == 1 ? branches[0] : b.Node("Concat", branches.ToArray(), "joined").With("axis", 1L).Outputs[0];
        var pooled = b.Node("MaxPool", [joined], "pooled").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).Outputs[0];
        var mix = new float[channels * channels];
        for (int o = 0; o < channels; o++)
            for (int i = 0; i < channels; i++)
                if (o / 4 == i / 4) mix[o * channels + i] = (float)(0.2 + random.NextDouble());
        var mixed = b.Node("Conv", [pooled, b.Weight("mix_w", mix, channels, channels, 1, 1)], "mixed").Outputs[0];
        var features = b.Node("Relu", [mixed], Features).Outputs[0];
        var gap = b.Node("GlobalAveragePool", [features], "gap").Outputs[0];
        var flat = b.Node("Flatten", [gap], "flat").With("axis", 1L).Outputs[0];
        int classes = branches.Count;
        // Gemm B is (channels, classes): class k reads channels 4k..4k+3.
        var head = new float[channels * classes];
        for (int c = 0; c < channels; c++) head[c * classes + c / 4] = (float)(0.5 + random.NextDouble()) / 10;
        b.Output(b.Node("Gemm", [flat, b.Weight("head_w", head, channels, classes), b.Weight("head_b", new float[classes], classes)], Logits).Outputs[0]);
        return b.Build();
    }

    /// <summary>A random image (pixels 0..255) of the model's size, (1, 3, 16, 24).</summary>
    public static float[] RandomImage(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3 * Height * Width).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
    }

    /// <summary>The share of a non-negative map's mass in each quadrant (TL, TR, BL, BR), for a map covering the image.</summary>
    public static double[] QuadrantShares(float[] map, int height, int width)
    {
        var sums = new double[4];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                sums[(2 * y >= height ? 2 : 0) + (2 * x >= width ? 1 : 0)] += map[y * width + x];
        double total = sums.Sum();
        return sums.Select(s => s / total).ToArray();
    }

    private static string Branch(GraphBuilder b, string x, string name, (int Row, int Column) quadrant, Random random)
    {
        var mask = new float[Height * Width];
        for (int y = quadrant.Row; y < quadrant.Row + Height / 2; y++)
            for (int c = quadrant.Column; c < quadrant.Column + Width / 2; c++)
                mask[y * Width + c] = 1;
        var masked = b.Node("Mul", [x, b.Weight($"{name}_mask", mask, 1, 1, Height, Width)], $"{name}_masked").Outputs[0];
        var weights = Enumerable.Range(0, 4 * 3 * 3 * 3).Select(_ => (float)(random.NextDouble() / 27)).ToArray();
        var conv = b.Node("Conv", [masked, b.Weight($"{name}_w", weights, 4, 3, 3, 3)], $"{name}_conv").With("pads", [1L, 1, 1, 1]).Outputs[0];
        return b.Node("Relu", [conv], $"{name}_relu").Outputs[0];
    }
}
