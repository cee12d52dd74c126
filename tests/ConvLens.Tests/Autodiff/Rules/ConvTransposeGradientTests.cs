using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>ConvTranspose's input and bias gradients against float64 finite differences, over its padding forms, and the refusal of weights.</summary>
public class ConvTransposeGradientTests
{
    /// <summary>
    /// The input gradient sums output-channels·taps float32 products (up to 8·12 here), ~1e-6 relative each
    /// way; a wrong tap, pad or crop moves whole terms, O(1e-1) of the gradient.
    /// </summary>
    private const double Tolerance = 1e-4;

    private static readonly Dim Batch = Dim.Sym("N");

    public static TheoryData<string, long[], long[], Func<Node, Node>> Cases() => new()
    {
        // name, input [C, spatial...], weights [C, M/group, k...], attributes
        { "stride 2 (a decoder's upsampling)", [4, 4, 5], [4, 3, 4, 4], n => n.With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1]) },
        { "stride 1, asymmetric pads", [3, 5, 4], [3, 2, 3, 3], n => n.With("pads", [0L, 2, 1, 0]) },
        { "output_padding", [2, 4, 3], [2, 3, 3, 3], n => n.With("strides", [2L, 3]).With("pads", [1L, 0, 0, 2]).With("output_padding", [1L, 2]) },
        { "output_padding of a stride or more (below the dilation): dY cropped", [2, 3, 4], [2, 2, 2, 2], n => n.With("strides", [1L, 2]).With("dilations", [3L, 3]).With("output_padding", [2L, 2]) },
        { "groups and dilation", [4, 3, 4], [4, 1, 2, 3], n => n.With("group", 2L).With("dilations", [2L, 1]).With("strides", [1L, 2]) },
        { "depthwise", [4, 4, 4], [4, 1, 3, 3], n => n.With("group", 4L).With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1]) },
        { "output_shape", [2, 3, 3], [2, 2, 3, 3], n => n.With("strides", [2L, 2]).With("output_shape", [6L, 6]) },
        { "SAME_UPPER", [2, 3, 4], [2, 2, 4, 3], n => n.With("strides", [2L, 2]).With("auto_pad", "SAME_UPPER") },
        { "SAME_LOWER", [2, 3, 4], [2, 2, 4, 3], n => n.With("strides", [2L, 2]).With("auto_pad", "SAME_LOWER") },
        { "VALID", [2, 3, 3], [2, 2, 2, 3], n => n.With("strides", [2L, 1]).With("auto_pad", "VALID") },
        { "1-D", [3, 5], [3, 2, 4], n => n.With("strides", [3L]).With("pads", [2L, 1]) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void InputGradientMatchesFiniteDifferences(string name, long[] input, long[] weights, Func<Node, Node> attributes)
    {
        _ = name;
        var rng = new Random(97);
        var b = new GraphBuilder();
        var x = b.Input("x", [Batch, .. input.Select(Dim.Of)]);
        var w = b.Weight("w", TestModels.RandomNormal(rng, weights.Aggregate(1L, (a, d) => a * d)), weights);
        b.Output(attributes(b.Node("ConvTranspose", [x, w], "y")).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 97, Tolerance);
    }

    [Fact]
    public void BiasGradientIsTheSummedOutputGradient()
    {
        var rng = new Random(98);
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 4, 3, 3);
        var w = b.Weight("w", TestModels.RandomNormal(rng, 4 * 3 * 9), 4, 3, 3, 3);
        b.Output(b.Node("ConvTranspose", [x, w, b.Input("bias", 6)], "y").With("group", 2L).With("strides", [2L, 2]).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 98, Tolerance);
    }

    [Fact]
    public void AWeightGradientIsRefused()
    {
        var b = new GraphBuilder();
        b.Output(b.Node("ConvTranspose", [b.Input("x", Batch, 3, 4, 4), b.Input("w", 3, 2, 3, 3)], "y").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x", "w"]));
        Assert.Contains("weights 'w'", e.Message);
    }
}
