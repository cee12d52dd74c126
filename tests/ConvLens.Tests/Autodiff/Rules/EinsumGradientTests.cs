using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Einsum rule: the forms exporters emit, and summed, broadcast and ellipsis letters, against finite differences.</summary>
public class EinsumGradientTests
{
    /// <summary>Each gradient element is a sum of at most ~20 float32 products of unit-size values: ~1e-6 relative.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string> Cases() => new()
    {
        // (equation, operand shapes "a;b", "N" = the symbolic batch)
        { "bchw,bkc->bkhw", "N,3,2,2;N,4,3" },
        { "nchw,kc->nkhw", "N,3,2,2;4,3" },
        { "bij,bjk->bik", "N,3,4;N,4,2" },
        { "...ij,...jk->...ik", "N,3,4;N,4,2" },
        { "...ij,...jk->...ik", "2,1,3,4;1,3,4,2" },   // the ellipsis broadcasts both ways
        { "ij->ji", "3,4" },
        { "ij->i", "3,4" },                             // a summed-out letter
        { "ij,jk", "3,4;4,2" },                         // the implicit output, "ik"
        { "ij,kj->i", "3,4;2,4" },                      // k is summed over the second operand only
        { "b i j , b j k -> b i k", "N,2,3;N,3,2" },    // spaces
        { "ij,jk,kl->il", "2,3;3,4;4,2" },
        { "nhwc->nchw", "N,2,3,4" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EinsumMatchesFiniteDifferences(string equation, string shapes)
    {
        var b = new GraphBuilder();
        var inputs = shapes.Split(';').Select((s, i) =>
            b.Input($"x{i}", s.Split(',').Select(d => d == "N" ? Dim.Sym("N") : Dim.Of(long.Parse(d))).ToArray())).ToArray();
        b.Output(b.Node("Einsum", inputs, "y").With("equation", equation).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 91, Tolerance);
    }

    [Fact]
    public void AnOperandBesideADiagonalHasAGradient()
    {
        // The diagonal operand is only read by the other's gradient, which Einsum allows.
        var b = new GraphBuilder();
        var x0 = b.Input("x0", 3, 3, 2);
        var x1 = b.Input("x1", 4, 2);
        b.Output(b.Node("Einsum", [x0, x1], "y").With("equation", "iij,kj->k").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 92, Tolerance, wrt: ["x1"]);
    }

    [Fact]
    public void ADiagonalOperandIsRefusedNamingTheEquation()
    {
        var b = new GraphBuilder();
        b.Output(b.Node("Einsum", [b.Input("x", 3, 3)], "y").With("equation", "ii->i").Outputs[0]);
        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]));
        Assert.Contains("'ii->i'", e.Message);
        Assert.Contains("diagonal", e.Message);
    }

    [Fact]
    public void AnImplicitEquationMixingCasesIsRefused()
    {
        // Whether "I" or "k" comes first in the implicit output is not settled between runtimes.
        var b = new GraphBuilder();
        b.Output(b.Node("Einsum", [b.Input("x0", 3, 4), b.Input("x1", 4, 2)], "y").With("equation", "Ij,jk").Outputs[0]);
        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x0"]));
        Assert.Contains("'Ij,jk'", e.Message);
        Assert.Contains("->", e.Message);
    }
}
