using ConvLens.Graph;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Runtime;

public sealed class MissingRuleAdviceTests
{
    [Fact]
    public void AnOpWithoutARuleIsNamedWithTheLayersAndMethodsThatAvoidIt()
    {
        // conv1 -> Cos -> conv2: Cos has no gradient rule, so conv2's gradient needs one and conv1's does not.
        var rng = new Random(5);
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, 8, 8);
        var conv1 = b.Node("Conv", [x, b.Weight("w1", TestModels.RandomNormal(rng, 4 * 3 * 9), 4, 3, 3, 3)], "first").Outputs[0];
        var cos = b.Node("Cos", [conv1], "wave").Outputs[0];
        b.Output(b.Node("Conv", [cos, b.Weight("w2", TestModels.RandomNormal(rng, 4 * 4 * 9), 4, 4, 3, 3)], "second").Outputs[0]);
        using var network = Network.FromModel(b.Build());

        var error = Assert.Throws<ConvLensException>(() => network.Gradient(GradientRequest.ForLayer("conv2")));

        Assert.Contains("'conv2'", error.Message);
        Assert.Contains("op 'Cos'", error.Message);
        Assert.Contains("(the deepest: 'conv1')", error.Message);
        Assert.Contains("scorecam, eigencam", error.Message);
        // The layer before the op still differentiates.
        Assert.NotNull(network.Gradient(GradientRequest.ForLayer("conv1")));
    }
}
