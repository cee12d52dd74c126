using ConvLens.Attribution;
using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Targets;
using ConvLens.Imaging;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Attribution;

/// <summary>
/// Every method on <see cref="QuadrantModel"/>: class 0 can only see the top-right quadrant and class 1 only
/// the bottom-left one, so a method that works puts most of its map there, and one that ignores the target,
/// swaps rows and columns, or flips the map does not.
/// </summary>
public sealed class QuadrantAttributionTests
{
    private const int Seed = 11;
    private const int TopLeft = 0, TopRight = 1, BottomLeft = 2;

    public static TheoryData<string> TargetedMethods => new(AttributionMethods.Names.Where(n => n != "eigencam"));

    [Theory]
    [MemberData(nameof(TargetedMethods))]
    public void EachClassIsExplainedByItsOwnQuadrant(string name)
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        // Small sample and step counts keep the test fast; batch 3 makes the multi-pass methods run several batches.
        var method = AttributionMethods.Create(name, new AttributionOptions { BatchSize = 3, Samples = 6, Steps = 12 });
        foreach (var (classIndex, quadrant) in new[] { (0, TopRight), (1, BottomLeft) })
        {
            var map = method.Explain(network, image, ClassTarget.For(network, classIndex));
            var shares = Shares(map);
            // Half the mass is twice what a map blind to the target could put in one of the two active
            // quadrants; the convolution's one-pixel border and the bilinear upsampling leak a little outside.
            Assert.True(shares[quadrant] > 0.5 && shares.Max() == shares[quadrant],
                $"{name}, class {classIndex}: quadrant shares {Format(shares)} (seed {Seed})");
        }
    }

    [Fact]
    public void EigenCamFindsTheOnlyActiveQuadrant()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed, bothBranches: false));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        // One class is no classifier: the target is a channel of the last layer (Eigen-CAM ignores it anyway).
        var map = new EigenCam().Explain(network, image, new ChannelTarget(QuadrantModel.Logits, 0));
        var shares = Shares(map);
        // Eigen-CAM ignores the target: it can only find the quadrant that is active at all. A wrongly
        // oriented component would put its mass in the other three quadrants instead.
        Assert.True(shares[TopRight] > 0.5 && shares.Max() == shares[TopRight], $"quadrant shares {Format(shares)} (seed {Seed})");
    }

    [Fact]
    public void TheDefaultCamLayerIsTheLastConvolutionAfterItsActivation()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var map = new GradCam().Explain(network, image, ClassTarget.For(network, 0));
        Assert.Equal(QuadrantModel.Features, network.Layers.Resolve(map.Layer!).Value);
        Assert.Equal((8, 12), (map.Height, map.Width));
        Assert.Equal((16, 24), (map.InputHeight, map.InputWidth));
    }

    [Fact]
    public void ACamMethodCanReadAnEarlierLayer()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var map = new LayerCam { Layer = "joined" }.Explain(network, image, ClassTarget.For(network, 1));
        Assert.Equal((16, 24), (map.Height, map.Width));
        var shares = Shares(map);
        // At full resolution nothing is upsampled: only the 3×3 conv's one-pixel border leaks out of the
        // 8 × 12 quadrant (at most 21 of 117 pixels, each with part of a kernel), so it holds well over 80%.
        Assert.True(shares[BottomLeft] > 0.8, $"quadrant shares {Format(shares)} (seed {Seed})");
    }

    /// <summary>The map's quadrant shares at the input's resolution, upsampled as the overlay is.</summary>
    private static double[] Shares(AttributionMap map)
    {
        var full = map.Height == map.InputHeight && map.Width == map.InputWidth
            ? map.Values
            : BilinearZoom.Resize(map.Values, map.Height, map.Width, map.InputHeight, map.InputWidth);
        Assert.All(full, v => Assert.True(v >= 0 && float.IsFinite(v), $"{map.Method} map value {v}"));
        return QuadrantModel.QuadrantShares(full, map.InputHeight, map.InputWidth);
    }

    private static string Format(double[] shares) => string.Join(", ", shares.Select(s => s.ToString("F3")));
}
