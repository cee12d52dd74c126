using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class ModernRecipeTests
{
    [Fact]
    public void ChannelsVisualiseAlongTheirEdgeDetectorsOrientation()
    {
        double[] angles = [0, 30, 60, 90, 120, 150];
        const int size = 64, seed = 14;
        using var network = Network.FromModel(VisualizationTestModels.OrientedEdges(angles, size));
        var result = new FeatureVisualizer(network).Render(Objective.Channels(VisualizationTestModels.EdgeLayer, [0, 1, 2, 3, 4, 5]), angles.Length,
            new ModernRecipe { Seed = seed }); // the recipe at its defaults (64 steps, Lucid's transforms)
        for (int k = 0; k < angles.Length; k++)
        {
            var image = result.Images[k];
            var (degrees, coherence) = Orientation.Dominant(image.Pixels, size, size, VisualizationTestModels.EdgeKernel / 2 + 1);
            Assert.True(Orientation.Difference(degrees, angles[k]) <= 15,
                $"channel {k}: detector at {angles[k]}°, visualisation's dominant orientation {degrees:F1}° (coherence {coherence:F2}, seed {seed})");
            Assert.True(image.FinalObjective > image.Curve[0], $"channel {k}: objective {image.Curve[0]:G3} -> {image.FinalObjective:G3} (seed {seed})");
            // The sigmoid keeps every pixel valid.
            Assert.All(image.Pixels, p => Assert.InRange(p, 0f, 255f));
        }
    }

    [Fact]
    public void FirstStepMovesEveryParameterUpItsGradientThroughSigmoidAndPixelScale()
    {
        // Pixel parameters, no decorrelation, no transforms: image = sigmoid(p), pixels = 255·image. Adam's
        // first step is lr·g/(|g| + ε), i.e. lr·sign(d objective/d p), and sign(dO/dp) = sign(dO/d pixels)
        // since sigmoid and ×255 are increasing: so each parameter must move by +lr or −lr with that sign.
        const int seed = 70;
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(seed, size: 16));
        var objective = Objective.Channel("c2", 3);
        var recipe = new ModernRecipe { Steps = 1, Seed = seed, Parameterization = ImageParameterizationKind.Pixel, Decorrelate = false,
            Transforms = TransformPipeline.None, RedirectSteps = 0 };
        var result = new FeatureVisualizer(network).Render(objective, 1, recipe).Images[0];

        var start = ConvLens.Visualization.Parameterization.ImageParameterizationFactory.Create(ImageParameterizationKind.Pixel, false, 3, 16, 16, new Random(seed));
        var p0 = start.Parameters.ToArray();
        var image0 = ImageBuffer.Zeros(3, 16, 16);
        start.Render(image0);
        using var session = new ObjectiveSession(network, objective, 1);
        session.Run(new FloatTensor(image0.Data.Select(v => v * 255f).ToArray(), 1, 3, 16, 16));
        Assert.Equal(session.Values[0], result.Curve[0], 1e-9); // the same pixels through the same session
        for (int k = 0; k < p0.Length; k++)
        {
            float g = session.Gradient.Data[k];
            double expected = 255 / (1 + Math.Exp(-(p0[k] + 0.05 * Math.Sign(g))));
            // float32 sigmoid of values ~±1: 1e-3 of a pixel unit.
            Assert.True(Math.Abs(expected - result.Pixels[k]) < 1e-3, $"pixel {k}: {result.Pixels[k]} vs {expected} (gradient {g}, seed {seed})");
        }
    }

    [Fact]
    public void SameSeedSameImageOtherSeedOtherImage()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var visualizer = new FeatureVisualizer(network);
        var recipe = new ModernRecipe { Steps = 6, RedirectSteps = 3, Seed = 3 };
        var first = visualizer.Render(Objective.Channel("block3_conv2", 2), 1, recipe).Images[0];
        var again = visualizer.Render(Objective.Channel("block3_conv2", 2), 1, recipe).Images[0];
        var other = visualizer.Render(Objective.Channel("block3_conv2", 2), 1, recipe with { Seed = 4 }).Images[0];
        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.Curve, again.Curve);
        // Different start spectra and transforms: images differ by a visible amount (pixels 0..255).
        double difference = first.Pixels.Zip(other.Pixels).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(difference > 0.5, $"seeds 3 and 4 gave images only {difference} apart on average");
    }

    [Fact]
    public void BatchOfChannelsEqualsSingleRunsWithTheSameSeeds()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var visualizer = new FeatureVisualizer(network);
        int[] channels = [1, 6, 9];
        var recipe = new ModernRecipe { Steps = 8, RedirectSteps = 4, Seed = 50 };
        var batch = visualizer.Render(Objective.Channels("block3_conv1", channels), channels.Length, recipe);
        for (int i = 0; i < channels.Length; i++)
        {
            var single = visualizer.Render(Objective.Channel("block3_conv1", channels[i]), 1, recipe with { Seed = recipe.Seed + i }).Images[0];
            // Batched and single convolutions may sum in another order (float32); after 8 Adam steps of 0.05 on the
            // parameters, pixels (0..255) agree to far better than 0.05.
            double worst = batch.Images[i].Pixels.Zip(single.Pixels).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst < 0.05, $"channel {channels[i]}: batched and single images differ by up to {worst} (seed {recipe.Seed + i})");
        }
    }

    [Fact]
    public void DiversityTermPushesImagesOfOneChannelApart()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var visualizer = new FeatureVisualizer(network);
        var recipe = new ModernRecipe { Steps = 24, Seed = 60, Transforms = TransformPipeline.None };
        var channel = Objective.Channel("block3_conv1", 4);
        var plain = visualizer.Render(channel, 3, recipe);
        // Post-ReLU Gram matrices are dominated by the channels' means, so their cosine similarity starts near
        // 1 (0.9995 here) and moves slowly: the term needs a weight well above the channel's scale (~250).
        var diverse = visualizer.Render(channel + 1000 * Objective.Diversity("block3_conv1"), 3, recipe);
        using var session = new ObjectiveSession(network, Objective.Diversity("block3_conv1"), 3);
        double Similarity(VisualizationResult r)
        {
            var pixels = FloatTensor.Zeros(3, 3, 64, 64);
            for (int i = 0; i < 3; i++) r.Images[i].Pixels.CopyTo(pixels.Item(i));
            session.Run(pixels);
            return -session.Values.Average();
        }
        double before = Similarity(plain), after = Similarity(diverse);
        // Measured 0.9995 without the term and 0.56 with it; 0.1 lower leaves a wide margin.
        Assert.True(after < before - 0.1, $"mean Gram cosine similarity {before:F4} without the diversity term, {after:F4} with it (seed 60)");
    }

    [Fact]
    public void ImageSmallerThanTheNetworkInputIsCentredOnGrey()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var image = new FeatureVisualizer(network).Render(Objective.Channel("block2_conv1", 1), 1,
            new ModernRecipe { Steps = 2, Size = 32, Transforms = TransformPipeline.None }).Images[0];
        // 32 x 32 centred on 64 x 64: the border 16 pixels wide is the grey fill, 0.5 x 255.
        Assert.Equal(127.5f, image.Pixels[0]);
        Assert.Equal(127.5f, image.Pixels[15 * 64 + 15]);
        Assert.NotEqual(127.5f, image.Pixels[32 * 64 + 32]);
    }

    [Theory]
    [InlineData(-1, 0.05, null, "0 or more steps")]
    [InlineData(10, 0.0, null, "learning rate")]
    [InlineData(10, 0.05, 4, "8 to 4096")]
    public void BadOptionsAreClearErrors(int steps, double lr, int? size, string message)
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var error = Assert.Throws<ConvLensException>(() => new FeatureVisualizer(network).Render(Objective.Channel("block1_conv1", 0), 1,
            new ModernRecipe { Steps = steps, LearningRate = lr, Size = size }));
        Assert.Contains(message, error.Message);
    }
}
