using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Gemm (every transpose, alpha/beta, broadcast C) and MatMul (numpy semantics) against float64 finite differences.</summary>
public class LinearGradientsTests
{
    /// <summary>Each gradient element sums up to ~6 float32 products (~1e-6 relative); a wrong transpose or scale is O(1).</summary>
    private const double Tolerance = 1e-4;

    private static readonly Dim Batch = Dim.Sym("N");

    [Theory]
    [InlineData(false, false, 1f, 1f, "4")]
    [InlineData(false, true, 0.5f, 2f, "1,4")]     // transB=1, as exported Linear layers are
    [InlineData(true, false, 1.5f, 1f, "")]        // no C
    [InlineData(true, true, -0.7f, 0.3f, "4")]
    public void GemmWithWeightsMatchesFiniteDifferences(bool transA, bool transB, float alpha, float beta, string cShape)
    {
        var rng = new Random(81);
        var b = new GraphBuilder();
        var x = b.Input("x", transA ? [5, Batch] : [Batch, 5]);
        var w = b.Weight("w", TestModels.RandomNormal(rng, 20), transB ? [4, 5] : [5, 4]);
        string[] inputs = cShape.Length == 0 ? [x, w] : [x, w, Weight(b, "c", rng, Dims(cShape))];
        b.Output(GemmNode(b, inputs, transA, transB, alpha, beta).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 81, Tolerance);
    }

    [Theory]
    [InlineData(false, false, "3,4")]
    [InlineData(false, true, "1,4")]
    [InlineData(true, false, "3,1")]
    [InlineData(true, true, "4")]
    [InlineData(false, false, "")]    // a scalar C
    public void GemmGradientsOfAllThreeOperandsMatchFiniteDifferences(bool transA, bool transB, string cShape)
    {
        var b = new GraphBuilder();
        var a = b.Input("a", transA ? [5, 3] : [3, 5]);
        var w = b.Input("b", transB ? [4, 5] : [5, 4]);
        var c = b.Input("c", cShape.Length == 0 ? [] : Dims(cShape).Select(Dim.Of).ToArray());
        b.Output(GemmNode(b, [a, w, c], transA, transB, 0.8f, 1.7f).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 82, Tolerance);
    }

    [Fact]
    public void GemmAndTwoDimensionalMatMulNeedNoTransposedWeights()
    {
        // Gemm's transA/transB attributes transpose in place: a Transpose node would copy the weights.
        var rng = new Random(83);
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 5);
        var h = GemmNode(b, [x, Weight(b, "w1", rng, 4, 5)], false, true, 1f, 1f).Outputs[0];
        b.Output(b.Node("MatMul", [h, Weight(b, "w2", rng, 4, 3)], "z").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("z")], ["x"]);

        Assert.DoesNotContain(gg.Model.Graph.Nodes, n => n.OpType == "Transpose");
        GradientChecker.AssertMatches(b.Build(), "z", seed: 83, Tolerance);
    }

    public static TheoryData<string, string, string> MatMulCases() => new()
    {
        // name, A shape, B shape ("N" = the symbolic batch)
        { "2-D", "N,5", "5,3" },
        { "batched times matrix", "N,3,5", "5,4" },
        { "matrix times batched", "3,5", "N,5,4" },
        { "both batched", "N,3,5", "N,5,2" },
        { "broadcast batch axes", "N,1,3,5", "2,5,4" },
        { "broadcast batch axes of B", "2,1,3,5", "N,3,5,4" },
        { "1-D times batched", "5", "N,5,4" },
        { "1-D times matrix", "5", "5,4" },
        { "batched times 1-D", "N,3,5", "5" },
        { "1-D times 1-D", "5", "5" },
    };

    [Theory]
    [MemberData(nameof(MatMulCases))]
    public void MatMulMatchesFiniteDifferences(string name, string aShape, string bShape)
    {
        _ = name;
        var b = new GraphBuilder();
        var a = b.Input("a", Shape(aShape));
        var w = b.Input("b", Shape(bShape));
        b.Output(b.Node("MatMul", [a, w], "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 84, Tolerance);
    }

    private static Node GemmNode(GraphBuilder b, string[] inputs, bool transA, bool transB, float alpha, float beta) =>
        b.Node("Gemm", inputs, "y").With("transA", transA ? 1L : 0L).With("transB", transB ? 1L : 0L).With("alpha", alpha).With("beta", beta);

    private static string Weight(GraphBuilder b, string name, Random rng, params long[] dims) =>
        b.Weight(name, TestModels.RandomNormal(rng, dims.Aggregate(1L, (p, d) => p * d)), dims);

    private static long[] Dims(string list) => list.Split(',').Select(long.Parse).ToArray();

    private static Dim[] Shape(string list) => list.Split(',').Select(d => d == "N" ? Batch : Dim.Of(long.Parse(d))).ToArray();
}
