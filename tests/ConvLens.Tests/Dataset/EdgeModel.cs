using ConvLens.Graph;

namespace ConvLens.Tests.Dataset;

/// <summary>
/// A model whose channels are known: a 3×3 convolution without padding (no border responses) over the
/// grey level of a 32×32 RGB image, then ReLU, as layer <c>edges</c> (N, 4, 30, 30):
/// channel 0 is a horizontal-edge detector (Sobel across rows: it answers to brightness changing from one
/// row to the next), 1 the vertical-edge detector, 2 channel 0 negated (the other edge polarity), 3 the
/// grey level itself. With a classifier, the channel means feed class 281 (tabby) from channel 0 and
/// class 1 (goldfish) from channel 1 through a Gemm and a softmax.
/// </summary>
internal static class EdgeModel
{
    public const int Size = 32;
    public const int MapSize = Size - 2;
    public const string Layer = "edges";
    public const int Horizontal = 0, Vertical = 1, HorizontalNegated = 2, Grey = 3;
    public const int HorizontalClass = 281, VerticalClass = 1;

    /// <param name="classifier">Whether to add the classifier.</param>
    /// <param name="fixedBatch">
    /// When given, <c>edges</c> is reshaped to exactly this batch size, so the model only runs batches of
    /// that size (ConvLens keeps a batch dimension fixed when the graph depends on it).
    /// </param>
    public static OnnxModel Build(bool classifier = true, int? fixedBatch = null)
    {
        float[] sobelAcrossRows = [1, 2, 1, 0, 0, 0, -1, -2, -1];
        float[] sobelAcrossColumns = [1, 0, -1, 2, 0, -2, 1, 0, -1];
        float[] centre = [0, 0, 0, 0, 1, 0, 0, 0, 0];
        var kernels = new[] { sobelAcrossRows, sobelAcrossColumns, sobelAcrossRows.Select(v => -v).ToArray(), centre };
        var weights = new float[4 * 3 * 9];
        for (int o = 0; o < 4; o++)
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < 9; k++)
                    weights[(o * 3 + i) * 9 + k] = kernels[o][k] / 3f; // the mean of R, G and B: grey

        var b = new GraphBuilder();
        var x = b.Input("image", fixedBatch is { } batch ? Dim.Of(batch) : Dim.Sym("N"), 3, Size, Size);
        var conv = b.Node("Conv", [x, b.Weight("kernels", weights, 4, 3, 3, 3)], "edges_preact").With("kernel_shape", new long[] { 3, 3 }).Outputs[0];
        var edges = fixedBatch is { } n
            ? b.Node("Reshape", [b.Node("Relu", [conv], "edges_any_batch").Outputs[0], b.Ints("fixed_shape", n, 4, MapSize, MapSize)], Layer).Outputs[0]
            : b.Node("Relu", [conv], Layer).Outputs[0];
        if (!classifier)
        {
            b.Output(edges);
            return b.Build();
        }
        var mean = b.Node("GlobalAveragePool", [edges], "channel_means").Outputs[0];
        var flat = b.Node("Flatten", [mean], "flat").With("axis", 1L).Outputs[0];
        var w = new float[4 * 1000];
        w[Horizontal * 1000 + HorizontalClass] = 0.05f;
        w[Vertical * 1000 + VerticalClass] = 0.05f;
        var logits = b.Node("Gemm", [flat, b.Weight("w", w, 4, 1000), b.Weight("b", new float[1000], 1000)], "logits").Outputs[0];
        b.Output(b.Node("Softmax", [logits], "probabilities").With("axis", 1L).Outputs[0]);
        return b.Build();
    }
}
