using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Max, Min and Where against float64 finite differences with broadcasting, and the even split of
/// Max's ties (PyTorch's torch.maximum convention) on exact values.
/// </summary>
public class SelectionGradientsTests
{
    /// <summary>
    /// The gradients are dy, dy/k or 0 per element (exact or one float32 division), then summed by the
    /// un-broadcast: far below 1e-4. Sending dy to the wrong input is O(1). Normal inputs tie (or sit
    /// within the difference step of one another) with probability ~1e-6 per element.
    /// </summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("Max", "N,3,4,5", "N,3,4,5", null)]
    [InlineData("Min", "N,3,4,5", "N,3,4,5", null)]
    [InlineData("Max", "N,3,4,5", "3,1,1", "5")]
    [InlineData("Min", "N,1,4,1", "1,3,1,5", "")]
    [InlineData("Max", "N,3,4,5", null, null)]
    public void MaxAndMinMatchFiniteDifferences(string op, string first, string? second, string? third)
    {
        var b = new GraphBuilder();
        var inputs = new[] { first, second, third }.Where(s => s is not null)
            .Select((s, i) => b.Input($"x{i}", ParseShape(s!))).ToArray();
        b.Output(b.Node(op, inputs, "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 61, Tolerance);
    }

    [Fact]
    public void MaxWithAConstantOperandMatchesFiniteDifferences()
    {
        // Max(x, 0) is how some exporters write ReLU; the constant takes its share of ties but needs no gradient.
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        b.Output(b.Node("Max", [x, b.Weight("zero", [0f])], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 62, Tolerance);
    }

    [Fact]
    public void MaxSplitsTiesEvenly()
    {
        var b = new GraphBuilder();
        string a = b.Input("a", 4), c = b.Input("b", 4), floor = b.Input("c", 1);
        b.Output(b.Node("Max", [a, c, floor], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["a", "b", "c"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["a"] = RefTensor.FromFloats([1f, 2f, 3f, 4f], 4),
            ["b"] = RefTensor.FromFloats([1f, 5f, 3f, 0f], 4),
            ["c"] = RefTensor.FromFloats([3f], 1),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f, 4f], 4),
        };
        var results = OrtRunner.Run(gg.Model, feeds, gg.Gradients.Values);
        // y = [3, 5, 3, 4]: element 0 is c's alone, 1 is b's, 2 a three-way tie (dy/3 = 1 each), 3 is a's.
        Assert.Equal([0.0, 0.0, 1.0, 4.0], results[gg.Gradients["a"]].Data);
        Assert.Equal([0.0, 2.0, 1.0, 0.0], results[gg.Gradients["b"]].Data);
        Assert.Equal([2.0], results[gg.Gradients["c"]].Data);
    }

    [Theory]
    [InlineData("N,3,4,5", "N,3,4,5", "N,3,4,5")]
    [InlineData("N,3,4,5", "3,1,1", "5")]
    [InlineData("N,1,4,5", "N,3,4,1", "")]
    public void WhereMatchesFiniteDifferences(string conditionShape, string aShape, string bShape)
    {
        var b = new GraphBuilder();
        // The condition comes from a comparison, which passes no gradient to its float input.
        var condition = b.Node("Greater", [b.Input("c", ParseShape(conditionShape)), b.Weight("zero", [0f])], "condition").Outputs[0];
        b.Output(b.Node("Where", [condition, b.Input("a", ParseShape(aShape)), b.Input("b", ParseShape(bShape))], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 63, Tolerance);
    }

    [Fact]
    public void AWhereConditionCastFromTheInputGivesTheInputOnlyTheSelectedPath()
    {
        // Cast to bool lies on the gradient path: the condition and the cast must pass zeros, not fail.
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var condition = b.Node("Cast", [x], "condition").With("to", (long)TensorElementType.Bool).Outputs[0];
        var doubled = b.Node("Mul", [x, b.Weight("two", [2f])], "doubled").Outputs[0];
        b.Output(b.Node("Where", [condition, doubled, b.Weight("one", [1f])], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 64, Tolerance);
    }

    [Fact]
    public void AConditionFromIsNaNPassesNoGradientAndNeedsNoRule()
    {
        // y = Where(IsNaN(x), 0, x), the exporters' NaN guard: IsNaN is in the no-gradient list, so dx = dy.
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 3);
        var isNaN = b.Node("IsNaN", [x], "is_nan").Outputs[0];
        b.Output(b.Node("Where", [isNaN, b.Weight("zero", [0f]), x], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([-1f, 0f, 2f], 1, 3),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f], 1, 3),
        };
        Assert.Equal([1.0, 2.0, 3.0], OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]].Data);
    }

    private static Dim[] ParseShape(string shape) => shape.Length == 0
        ? []
        : shape.Split(',').Select(s => long.TryParse(s, out var v) ? Dim.Of(v) : Dim.Sym(s)).ToArray();
}
