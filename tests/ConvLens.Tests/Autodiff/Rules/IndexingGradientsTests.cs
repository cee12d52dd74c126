using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Gather, GatherElements, Tile, DepthToSpace and SpaceToDepth against float64 finite differences,
/// the form each Gather gradient takes, and the refusals of run-time indices and repeats.
/// </summary>
public class IndexingGradientsTests
{
    /// <summary>
    /// These gradients move float32 values and sum at most a few of them (repeated indices, tiles, broadcast
    /// copies: ~1e-7 relative each); a misplaced element is an O(1) error.
    /// </summary>
    private const double Tolerance = 1e-5;

    private static readonly Dim Batch = Dim.Sym("N");

    public static TheoryData<string, long, long[], long[]> GatherCases() => new()
    {
        // name, axis, index shape, indices
        { "a permutation (channel shuffle)", 1, [6], [0, 3, 1, 4, 2, 5] },
        { "a distinct subset, negative indices", 1, [3], [-1, 0, 2] },
        { "a scalar index", 2, [], [-2] },
        { "2-D distinct indices", 2, [2, 2], [3, 0, 1, 4] },
        { "repeats on the last axis (right MatMul)", 3, [5], [1, 1, 0, -1, 1] },
        { "repeats on the second-to-last axis (left MatMul)", 2, [2, 3], [4, 0, 4, 4, 2, 1] },
        { "repeats on the channel axis (MatMul between Transposes)", -3, [4], [5, 5, 0, 2] },
    };

    [Theory]
    [MemberData(nameof(GatherCases))]
    public void GatherMatchesFiniteDifferences(string name, long axis, long[] indexShape, long[] indices)
    {
        _ = name;
        Check(b => b.Node("Gather", [b.Input("x", Batch, 6, 5, 3), b.Initializer("i", ConstTensor.FromInt64s(indices, indexShape))], "y").With("axis", axis));
    }

    [Theory]
    [InlineData(new long[] { 0, 3, 1, 4, 2, 5 }, "Gather")]   // distinct: one Gather by the inverse map, no MatMul
    [InlineData(new long[] { 0, 0, 1 }, "MatMul")]            // repeated: the one-hot matrix sums the repeats
    public void GatherPicksItsForm(long[] indices, string op)
    {
        var b = new GraphBuilder();
        b.Output(b.Node("Gather", [b.Input("x", Batch, 6, 2), b.Initializer("i", ConstTensor.Vector(indices))], "y").With("axis", 1L).Outputs[0]);
        var ops = BackwardOps(b.Build());
        Assert.Contains(op, ops);
        Assert.DoesNotContain(op == "Gather" ? "MatMul" : "Pad", ops);
    }

    [Theory]
    [InlineData(1, false)]   // every position read at most once: one Gather
    [InlineData(-1, true)]   // positions read twice or more: layers of Gathers summed
    public void GatherElementsMatchesFiniteDifferences(long axis, bool repeats)
    {
        long[] dataShape = [2, 4, 3];
        long[] indexShape = repeats ? [2, 3, 5] : [2, 4, 2];
        long size = dataShape[axis < 0 ? axis + 3 : axis];
        // Without repeats: along the axis a rotation of distinct positions (one of them negative); with: random picks.
        var rng = new Random(95);
        var values = new long[indexShape.Aggregate(1L, (a, d) => a * d)];
        for (long i = 0; i < values.Length; i++)
            values[i] = repeats ? rng.NextInt64(-size, size) : (RefIndexAlong(i, indexShape, (int)axis) + 1) % size - (i == 0 ? size : 0);
        var b = new GraphBuilder();
        b.Output(b.Node("GatherElements", [b.Input("x", dataShape.Select(Dim.Of).ToArray()), b.Initializer("i", ConstTensor.FromInt64s(values, indexShape))], "y")
            .With("axis", axis).Outputs[0]);
        var model = b.Build();

        GradientChecker.AssertMatches(model, "y", seed: 95, Tolerance);
        Assert.Equal(repeats, BackwardOps(model).Contains("Sum"));
    }

    [Fact]
    public void TileMatchesFiniteDifferences() =>
        Check(b => b.Node("Tile", [b.Input("x", Batch, 3, 1, 2), b.Ints("repeats", 1, 2, 3, 1)], "y"));

    [Theory]
    [InlineData("DCR")]
    [InlineData("CRD")]
    public void DepthToSpaceMatchesFiniteDifferences(string mode) =>
        Check(b => b.Node("DepthToSpace", [b.Input("x", Batch, 8, 2, 3)], "y").With("blocksize", 2L).With("mode", mode));

    [Fact]
    public void SpaceToDepthMatchesFiniteDifferences() =>
        Check(b => b.Node("SpaceToDepth", [b.Input("x", Batch, 2, 4, 6)], "y").With("blocksize", 2L));

    [Theory]
    [InlineData("Gather", "indices")]
    [InlineData("Tile", "repeats")]
    public void RunTimeIndicesAreRefusedByName(string op, string what)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, 4);
        var second = b.Node("Identity", [b.Ints("k", op == "Tile" ? [1, 2, 1] : [1, 0])], "computed").Outputs[0];
        b.Output(b.Node(op, [x, second], "picked").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("picked")], ["x"]));
        Assert.Contains("'picked'", e.Message);
        Assert.Contains($"{what} 'computed' must be a constant", e.Message);
    }

    /// <summary>The coordinate along <paramref name="axis"/> of flat position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    private static long RefIndexAlong(long flat, long[] shape, int axis)
    {
        for (int a = shape.Length - 1; a > axis; a--) flat /= shape[a];
        return flat % shape[axis];
    }

    /// <summary>Operator types of the nodes the backward pass of y with respect to x adds.</summary>
    private static List<string> BackwardOps(OnnxModel model) =>
        ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]).Model.Graph.Nodes
            .Where(n => n.Name.StartsWith(ReverseModeDifferentiator.Prefix, StringComparison.Ordinal)).Select(n => n.OpType).ToList();

    /// <summary>Builds x → node → y (the node named "y") and checks the gradient of x.</summary>
    private static void Check(Func<GraphBuilder, Node> build, int seed = 94)
    {
        var b = new GraphBuilder();
        b.Output(build(b).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }
}
