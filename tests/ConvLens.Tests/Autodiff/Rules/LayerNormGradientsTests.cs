using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>LayerNormalization, InstanceNormalization and GroupNormalization rules against float64 finite differences.</summary>
public class LayerNormGradientsTests
{
    /// <summary>
    /// About twenty float32 ops per element, three of them means over up to ~50 terms, keep the analytic
    /// side within ~1e-5 relative; a missing term of the formula (either mean, or the scale) is O(1e-1).
    /// </summary>
    private const double Tolerance = 1e-4;

    public static TheoryData<long, long, long, bool> LayerNormCases()
    {
        var data = new TheoryData<long, long, long, bool>();
        // (opset, axis, scale rank (0: just the last axis, broadcast), bias). ReduceMean's form changes at 18.
        foreach (var opset in new long[] { 17, 18 })
            foreach (var axis in new long[] { -1, -2, 1, 0 })
                data.Add(opset, axis, 4 - (axis < 0 ? 4 + axis : axis), true);
        data.Add(17, 1, 0, false);
        data.Add(18, -3, 0, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(LayerNormCases))]
    public void LayerNormalizationMatchesFiniteDifferences(long opset, long axis, long scaleRank, bool bias)
    {
        var rng = new Random(61);
        var b = new GraphBuilder(opset);
        long[] dims = [2, 3, 4, 2];
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 2);
        long[] scaleDims = scaleRank == 0 ? [dims[^1]] : dims[^(int)scaleRank..];
        var inputs = new List<string> { x, Weight(b, "scale", rng, scaleDims) };
        if (bias) inputs.Add(Weight(b, "bias", rng, scaleDims));
        // A large epsilon makes a wrong variance visible.
        b.Output(b.Node("LayerNormalization", inputs.ToArray(), "ln").With("axis", axis).With("epsilon", 0.3f).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "ln", seed: 62, Tolerance);
    }

    [Fact]
    public void LayerNormalizationUsesItsMeanAndInvStdDevOutputs()
    {
        var rng = new Random(63);
        var b = new GraphBuilder(17);
        var x = b.Input("x", Dim.Sym("N"), 5, 3);
        b.Node("LayerNormalization", [x, Weight(b, "scale", rng, [5, 3]), Weight(b, "bias", rng, [5, 3])], ["ln", "mean", "inv_std"], "ln_node")
            .With("axis", 1L).With("epsilon", 0.3f);
        b.Output("ln");
        var model = b.Build();

        GradientChecker.AssertMatches(model, "ln", seed: 64, Tolerance);
        // The statistics come from the forward node: nothing recomputes a standard deviation.
        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("ln")], ["x"]);
        Assert.DoesNotContain(gg.Model.Graph.Nodes, n => n.OpType == "Sqrt");
    }

    [Fact]
    public void LayerNormalizationRefusesAGradientThroughItsMeanOutput()
    {
        var rng = new Random(65);
        var b = new GraphBuilder(17);
        var x = b.Input("x", Dim.Sym("N"), 4);
        b.Node("LayerNormalization", [x, Weight(b, "scale", rng, [4])], ["ln", "mean"], "ln_node");
        b.Output(b.Node("Add", ["ln", "mean"], "sum").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("sum")], ["x"]));
        Assert.Contains("'mean'", e.Message);
        Assert.Contains("ln_node", e.Message);
    }

    [Fact]
    public void LayerNormalizationRefusesAGradientWithRespectToItsScale()
    {
        var b = new GraphBuilder(17);
        var x = b.Input("x", Dim.Sym("N"), 4);
        var scale = b.Input("scale", 4);
        b.Output(b.Node("LayerNormalization", [x, scale], "ln").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("ln")], ["x", "scale"]));
        Assert.Contains("'scale'", e.Message);
    }

    [Theory]
    [InlineData(17, 4)]
    [InlineData(18, 4)]
    [InlineData(17, 3)]
    [InlineData(18, 5)]
    public void InstanceNormalizationMatchesFiniteDifferences(long opset, int rank)
    {
        var rng = new Random(66);
        var b = new GraphBuilder(opset);
        var x = b.Input("x", new Dim[] { Dim.Sym("N"), 3, 4, 2, 2 }[..rank]);
        b.Output(b.Node("InstanceNormalization", [x, Weight(b, "scale", rng, [3]), Weight(b, "bias", rng, [3])], "in").With("epsilon", 0.3f).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "in", seed: 67, Tolerance);
    }

    [Fact]
    public void InstanceNormalizationWithAComputedScaleMatchesFiniteDifferences()
    {
        var rng = new Random(68);
        var b = new GraphBuilder(17);
        var x = b.Input("x", Dim.Sym("N"), 3, 5);
        var scale = b.Input("scale", 3);
        b.Output(b.Node("InstanceNormalization", [x, scale, Weight(b, "bias", rng, [3])], "in").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "in", seed: 69, Tolerance, wrt: ["x"]);
    }

    public static TheoryData<long, long> GroupNormCases()
    {
        // (opset, groups): per-group scale before 21, per-channel from 21; one group, some, one per channel.
        var data = new TheoryData<long, long>();
        foreach (var opset in new long[] { 18, 21 })
            foreach (var groups in new long[] { 1, 2, 4 })
                data.Add(opset, groups);
        return data;
    }

    [Theory]
    [MemberData(nameof(GroupNormCases))]
    public void GroupNormalizationMatchesFiniteDifferences(long opset, long groups)
    {
        var rng = new Random(70);
        var b = new GraphBuilder(opset);
        const long channels = 4;
        // A symbolic spatial size: the gradient is reshaped back by the input's run-time shape.
        var x = b.Input("x", Dim.Sym("N"), channels, Dim.Sym("H"), 3);
        long affine = opset >= 21 ? channels : groups;
        b.Output(b.Node("GroupNormalization", [x, Weight(b, "scale", rng, [affine]), Weight(b, "bias", rng, [affine])], "gn")
            .With("num_groups", groups).With("epsilon", 0.3f).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "gn", seed: 71, Tolerance);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(21)]
    public void GroupNormalizationWithAComputedScaleMatchesFiniteDifferences(long opset)
    {
        var rng = new Random(72);
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 6, 2, 2);
        long affine = opset >= 21 ? 6 : 3;
        var scale = b.Input("scale", affine);
        b.Output(b.Node("GroupNormalization", [x, scale, Weight(b, "bias", rng, [affine])], "gn").With("num_groups", 3L).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "gn", seed: 73, Tolerance, wrt: ["x"]);
    }

    [Fact]
    public void TorchGroupNormExportFormMatchesFiniteDifferences()
    {
        // torch.onnx exports GroupNorm as Reshape → InstanceNormalization (unit scale) → Reshape → Mul → Add.
        var rng = new Random(74);
        var b = new GraphBuilder(17);
        var x = b.Input("x", Dim.Sym("N"), 4, 3, 2);
        var grouped = b.Node("Reshape", [x, b.Ints("grouped_shape", 0, 2, -1)], "grouped").Outputs[0];
        var normalized = b.Node("InstanceNormalization", [grouped, b.Weight("ones", [1f, 1f], 2), b.Weight("zeros", [0f, 0f], 2)], "in").Outputs[0];
        var back = b.Node("Reshape", [normalized, b.Ints("back_shape", 0, 4, 3, 2)], "back").Outputs[0];
        var scaled = b.Node("Mul", [back, Weight(b, "gamma", rng, [4, 1, 1])], "scaled").Outputs[0];
        b.Output(b.Node("Add", [scaled, Weight(b, "beta", rng, [4, 1, 1])], "gn").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "gn", seed: 75, Tolerance);
    }

    private static string Weight(GraphBuilder b, string name, Random rng, long[] dims) =>
        b.Weight(name, TestModels.RandomNormal(rng, dims.Aggregate(1L, (p, d) => p * d)), dims);
}
