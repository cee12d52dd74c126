using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff;

/// <summary>
/// The differentiator's own duties, not any one rule's: summing gradients of shared values, gradients of
/// intermediate and unconnected values, error messages, and the two kinds of seed. Each graph uses as
/// few operators (and so as few rules) as the behaviour allows.
/// </summary>
public class ReverseModeDifferentiatorTests
{
    [Fact]
    public void GradientsOfAValueWithTwoConsumersAreSummed()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var a = b.Node("Relu", [x], "a").Outputs[0];
        var s = b.Node("Sigmoid", [x], "s").Outputs[0];
        b.Output(b.Node("Add", [a, s], "sum").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "sum", seed: 11);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABroadcastWhoseShapesAreUnknownIsUnbroadcastAtRunTime(bool unknownRank)
    {
        // ORT's inference loses the batch symbol through a computed Reshape (torch's GroupNorm, zeros_like):
        // the Add's operands then read (?, ?, ?, ?) and (?, 3, ?, ?), or have no shape at all.
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var bias = b.Input("bias", 3, 1, 1);
        var h = b.Node("Sigmoid", [x], "h").Outputs[0];
        b.Output(b.Node("Add", [h, bias], "sum").Outputs[0]);
        var model = b.Build();
        TensorShape? Unknown(int rank) => unknownRank ? null : new TensorShape(Enumerable.Repeat(Dim.Unknown, rank));
        model.Graph.ValueInfos["h"] = model.Graph.ValueInfos["h"] with { Shape = Unknown(4) };
        model.Graph.ValueInfos["sum"] = model.Graph.ValueInfos["sum"] with { Shape = Unknown(4) };
        GradientChecker.AssertMatches(model, "sum", seed: 15, wrt: ["x", "bias"]);
    }

    [Fact]
    public void AValueReadTwiceByOneNodeGetsBothContributions()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 5);
        b.Output(b.Node("Mul", [x, x], "square").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "square", seed: 12);
    }

    [Fact]
    public void GradientWithRespectToAnIntermediateValueAndTheInputTogether()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3, 4);
        var h = b.Node("Relu", [x], "h").Outputs[0];
        var y = b.Node("Sigmoid", [h], "y").Outputs[0];
        // x also reaches y around h: the gradient of h is the partial one through h alone.
        b.Output(b.Node("Mul", [y, x], "out").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "out", seed: 13, wrt: ["h", "x"]);
    }

    [Fact]
    public void AValueNotConnectedToTheSeedGetsZerosOfItsShape()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3);
        var z = b.Input("z", Dim.Sym("N"), 2, 2);
        b.Output(b.Node("Relu", [x], "r").Outputs[0]);
        var model = b.Build();

        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("r")], ["x", "z"]);
        var rng = new Random(14);
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats(TestModels.RandomNormal(rng, 6), 2, 3),
            ["z"] = RefTensor.FromFloats(TestModels.RandomNormal(rng, 12), 3, 2, 2),
            [gg.SeedInputs["r"]] = RefTensor.FromFloats(TestModels.RandomNormal(rng, 6), 2, 3),
        };
        var dz = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["z"]])[gg.Gradients["z"]];
        Assert.Equal([3L, 2, 2], dz.Shape);
        Assert.All(dz.Data, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void AnOperatorWithoutARuleIsNamedWithItsNode()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 4);
        b.Output(b.Node("Asinh", [x], "asinh_node").Outputs[0]);
        var e = Assert.Throws<MissingGradientRuleException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("asinh_node")], ["x"]));
        Assert.Equal("Asinh", e.OpType);
        Assert.Contains("'Asinh'", e.Message);
        Assert.Contains("'asinh_node'", e.Message);
    }

    [Fact]
    public void ACustomDomainOperatorIsNamedWithItsNode()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 4);
        b.Output(b.Node("Relu", [x], "custom").Outputs[0]);
        var model = b.Build();
        // ORT could not infer shapes of an unknown domain's op, so the node becomes one after Build.
        var node = model.Graph.Nodes.Single();
        node.Domain = "com.example";
        node.OpType = "Blur";
        var e = Assert.Throws<MissingGradientRuleException>(() =>
            ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("custom")], ["x"]));
        Assert.Equal("Blur", e.OpType);
        Assert.Contains("'Blur'", e.Message);
        Assert.Contains("'custom'", e.Message);
    }

    [Fact]
    public void ARefusedOperatorGivesItsReason()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 4);
        b.Output(b.Node("Identity", [x], "branch").Outputs[0]);
        var model = b.Build();
        // A real If needs subgraph attributes GraphBuilder cannot make; the differentiator only reads the op type.
        model.Graph.Nodes.Single().OpType = "If";
        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("branch")], ["x"]));
        Assert.Contains("'If'", e.Message);
        Assert.Contains("'branch'", e.Message);
        Assert.Contains("control flow", e.Message);
    }

    [Fact]
    public void ShapeFeedingReshapeDoesNotBlockGradients()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var flat = b.Node("Reshape", [x, b.Ints("minus_one", -1)], "flat").Outputs[0];
        var relu = b.Node("Relu", [flat], "relu").Outputs[0];
        var shape = b.Node("Shape", [x], "shape").Outputs[0];
        b.Output(b.Node("Reshape", [relu, shape], "back").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "back", seed: 15);
    }

    [Fact]
    public void OnesSeedOnAnEmittedObjectiveEqualsAnInputSeedOfItsDerivative()
    {
        // Objective: sum over each item of A², A = Sigmoid(x). Its gradient with a ones seed must equal
        // the gradient from the input seed dA = 2A.
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 2, 3, 3);
        var a = b.Node("Sigmoid", [x], "A").Outputs[0];
        var square = b.Node("Mul", [a, a], "square").Outputs[0];
        var objective = b.Node("ReduceSum", [square, b.Ints("axes", 1, 2, 3)], "objective").With("keepdims", 0L).Outputs[0];
        b.Output(objective);
        var model = b.Build();
        var input = RefTensor.FromFloats(TestModels.RandomNormal(new Random(16), 2 * 18), 2, 2, 3, 3);

        var ones = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Ones(objective)], ["x"]);
        var fromOnes = OrtRunner.Run(ones.Model, new Dictionary<string, RefTensor> { ["x"] = input }, [ones.Gradients["x"]]);

        var seeded = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input(a)], ["x"]);
        var activation = ReferenceEvaluator.Run(model, new Dictionary<string, RefTensor> { ["x"] = input }, [a])[a];
        var dA = new RefTensor(activation.Shape, Array.ConvertAll(activation.Data, v => 2 * v));
        var fromInput = OrtRunner.Run(seeded.Model, new Dictionary<string, RefTensor> { ["x"] = input, [seeded.SeedInputs[a]] = dA }, [seeded.Gradients["x"]]);

        // Both are float32 computations of the same few-term products: they agree to float32 rounding.
        var expected = fromInput[seeded.Gradients["x"]].Data;
        var actual = fromOnes[ones.Gradients["x"]].Data;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"seed 16, element {i}: {actual[i]} vs {expected[i]}");
    }
}
