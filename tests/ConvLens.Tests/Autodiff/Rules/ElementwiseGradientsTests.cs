using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Elementwise arithmetic rules against float64 finite differences, with broadcasting on either side,
/// from initializers and from runtime inputs, and a symbolic batch dimension.
/// </summary>
public class ElementwiseGradientsTests
{
    /// <summary>
    /// The analytic side is float32: a few roundings of ~6e-8 relative per element, summed over 120
    /// elements along a unit direction, stay below 1e-5; a wrong or missing term is O(1). 1e-4 is both.
    /// </summary>
    private const double Tolerance = 1e-4;

    /// <summary>Shape pairs (a, b): "N" is the symbolic batch; "" a scalar. True: b is an initializer.</summary>
    private static readonly (string A, string B, bool BIsWeight)[] Shapes =
    [
        ("N,3,4,5", "3,1,1", true),
        ("N,3,4,5", "1", true),
        ("N,3,4,5", "5", true),
        ("N,3,4,5", "", true),
        ("N,3,4,5", "N,3,4,5", false),
        ("N,3,4,5", "3,1,1", false),
        ("3,1,1", "N,3,4,5", false),
        ("N,1,4,1", "1,3,1,5", false),
        ("", "N,3,4,5", false),
    ];

    public static TheoryData<string, string, string, bool> BinaryCases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "Pow" })
            foreach (var (a, b, weight) in Shapes)
                data.Add(op, a, b, weight);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryOperatorsMatchFiniteDifferences(string op, string aShape, string bShape, bool bIsWeight)
    {
        const int seed = 21;
        var b = new GraphBuilder();
        var rng = new Random(seed);
        string a = b.Input("a", ParseShape(aShape));
        string right;
        if (bIsWeight)
        {
            var dims = ParseShape(bShape).Select(d => d.Value).ToArray();
            var values = TestModels.RandomNormal(rng, dims.Aggregate(1L, (n, d) => n * d));
            // A divisor is kept away from 0, where 1/b and its gradient blow up.
            if (op == "Div") values = Array.ConvertAll(values, v => MathF.CopySign(0.5f + MathF.Abs(v), v));
            right = b.Weight("b", values, dims);
        }
        else
        {
            right = b.Input("b", ParseShape(bShape));
            // A runtime divisor goes through Exp to stay positive.
            if (op == "Div") right = b.Node("Exp", [right], "b_positive").Outputs[0];
        }
        // Real powers need a positive base.
        if (op == "Pow") a = b.Node("Exp", [a], "a_positive").Outputs[0];
        b.Output(b.Node(op, [a, right], "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Theory]
    [InlineData("Neg")]
    [InlineData("Exp")]
    [InlineData("Abs")]
    [InlineData("Sqrt")]
    [InlineData("Log")]
    [InlineData("Reciprocal")]
    public void UnaryOperatorsMatchFiniteDifferences(string op)
    {
        const int seed = 22;
        var b = new GraphBuilder();
        string x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        if (op is "Sqrt" or "Log" or "Reciprocal")
        {
            // x² + 0.5 keeps the argument positive and away from 0.
            var square = b.Node("Mul", [x, x], "square").Outputs[0];
            x = b.Node("Add", [square, b.Weight("half", [0.5f])], "positive").Outputs[0];
        }
        b.Output(b.Node(op, [x], "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Theory]
    [InlineData("N,3,4,5", "N,3,4,5", "N,3,4,5")]
    [InlineData("N,3,4,5", "3,1,1", "5")]
    [InlineData("1,3,1,1", "N,1,4,5", "")]
    public void SumOfThreeInputsMatchesFiniteDifferences(string first, string second, string third)
    {
        const int seed = 23;
        var b = new GraphBuilder();
        var inputs = new[] { first, second, third }.Select((s, i) => b.Input($"x{i}", ParseShape(s))).ToArray();
        b.Output(b.Node("Sum", inputs, "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Theory]
    [InlineData("N,3,4,5", "N,3,4,5", "N,3,4,5")]
    [InlineData("N,3,4,5", "3,1,1", "5")]
    [InlineData("1,3,1,1", "N,1,4,5", "")]
    [InlineData("N,3,4,5", null, null)]
    public void MeanMatchesFiniteDifferences(string first, string? second, string? third)
    {
        const int seed = 26;
        var b = new GraphBuilder();
        var inputs = new[] { first, second, third }.Where(s => s is not null)
            .Select((s, i) => b.Input($"x{i}", ParseShape(s!))).ToArray();
        b.Output(b.Node("Mean", inputs, "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Fact]
    public void SumWithAnInitializerOperandGivesTheInputsTheirGradient()
    {
        const int seed = 24;
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var w = b.Weight("w", TestModels.RandomNormal(new Random(seed), 4), 4);
        b.Output(b.Node("Sum", [x, w, x], "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Fact]
    public void PowWithAConstantExponentEmitsNoLogarithm()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3);
        b.Output(b.Node("Pow", [x, b.Weight("two", [2f])], "y").Outputs[0]);
        var model = b.Build();

        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]);
        Assert.DoesNotContain(gg.Model.Graph.Nodes, n => n.OpType == "Log");
        GradientChecker.AssertMatches(model, "y", seed: 25, Tolerance);
    }

    [Fact]
    public void PowWithARuntimeExponentEmitsTheExponentGradientOnlyWhenAsked()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3);
        var e = b.Input("e", Dim.Sym("N"), 3);
        b.Output(b.Node("Pow", [x, e], "y").Outputs[0]);
        var model = b.Build();

        var baseOnly = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]);
        var both = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x", "e"]);
        Assert.DoesNotContain(baseOnly.Model.Graph.Nodes, n => n.OpType == "Log");
        Assert.Contains(both.Model.Graph.Nodes, n => n.OpType == "Log");
    }

    private static Dim[] ParseShape(string shape) => shape.Length == 0
        ? []
        : shape.Split(',').Select(s => long.TryParse(s, out var v) ? Dim.Of(v) : Dim.Sym(s)).ToArray();
}
