using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class NotebookRecipeTests
{
    [Fact]
    public void FirstStepEqualsAnIndependentNormalisedGradientStep()
    {
        // conv 3x3 (2 channels, bias) + ReLU on an 8 x 8 image, Caffe preprocessing in front; the gradient of
        // channel 1's mean with respect to the preprocessed image is written out by hand below, in double.
        const int seed = 31, size = 8;
        var rng = new Random(seed);
        var w = TestModels.RandomNormal(rng, 2 * 3 * 3 * 3, 0.2);
        float[] bias = [0.3f, -0.2f];
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, size, size);
        var conv = b.Node("Conv", [x, b.Weight("w", w, 2, 3, 3, 3), b.Weight("b", bias, 2)], "conv").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        b.Output(b.Node("Relu", [conv], "act").Outputs[0]);
        using var network = Network.FromModel(PreprocessingPresets.Apply(b.Build(), PreprocessingPresets.Caffe));

        var result = new FeatureVisualizer(network).Render(Objective.Channel("act", 1), 1, new NotebookRecipe { Steps = 1, Seed = seed });

        // The notebook's start, then Caffe preprocessing: BGR order, minus the ImageNet means.
        var noise = new Random(seed);
        var pixels = Enumerable.Range(0, 3 * size * size).Select(_ => noise.NextDouble() * 20 + 128).ToArray();
        double[] means = [103.939, 116.779, 123.68];
        var p0 = new double[pixels.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < size * size; i++) p0[c * size * size + i] = (float)pixels[(2 - c) * size * size + i] - means[c];
        double W(int o, int c, int ky, int kx) => w[((o * 3 + c) * 3 + ky) * 3 + kx];
        double P(int c, int yy, int xx) => yy < 0 || yy >= size || xx < 0 || xx >= size ? 0 : p0[(c * size + yy) * size + xx];
        var gradient = new double[p0.Length];
        double objective = 0;
        for (int y = 0; y < size; y++)
            for (int xx = 0; xx < size; xx++)
            {
                double z = bias[1];
                for (int c = 0; c < 3; c++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++) z += W(1, c, ky, kx) * P(c, y + ky - 1, xx + kx - 1);
                if (z <= 0) continue;
                objective += z / (size * size);
                for (int c = 0; c < 3; c++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int yy = y + ky - 1, xi = xx + kx - 1;
                            if (yy >= 0 && yy < size && xi >= 0 && xi < size) gradient[(c * size + yy) * size + xi] += W(1, c, ky, kx) / (size * size);
                        }
            }
        double rms = Math.Sqrt(gradient.Average(g => g * g));
        var image = result.Images[0];
        Assert.Equal(2, image.Curve.Count);
        Assert.Equal(objective, image.Curve[0], 1e-4 * (1 + Math.Abs(objective))); // float32 conv of values ~±30: 1e-4 relative
        for (int i = 0; i < p0.Length; i++)
        {
            double expected = p0[i] + gradient[i] / (rms + 1e-5);
            // Values ~±30 carried in float32 (and once through the preset's inverse and back): 1e-3 absolute.
            Assert.True(Math.Abs(expected - image.Preprocessed[i]) < 1e-3, $"preprocessed value {i}: {image.Preprocessed[i]} vs {expected} (seed {seed})");
        }
        // The pixels are the preset's inverse: channel 0 (R) is preprocessed channel 2 (R in BGR) plus its mean.
        Assert.Equal(image.Preprocessed[2 * size * size] + 123.68f, image.Pixels[0], 1e-3f);
    }

    [Theory]
    [InlineData(PreprocessingPresets.Torch)]
    [InlineData(PreprocessingPresets.Tf)]
    [InlineData(PreprocessingPresets.Caffe)]
    public void AStepIsOnePixelLevelWhateverThePresetAndRaisesTheObjective(string preset)
    {
        // A smooth objective (conv, no ReLU) whose first-order gain is positive for a small enough step: the
        // notebook's step in torch-normalised units was ~58 pixel levels and overshot (issue 12's MobileNetV2 case).
        const int seed = 12, size = 8;
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, size, size);
        var conv = b.Node("Conv", [x, b.Weight("w", TestModels.RandomNormal(rng, 2 * 3 * 3 * 3, 0.2), 2, 3, 3, 3)], "conv").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        var square = b.Node("Mul", [conv, conv], "act").Outputs[0];
        b.Output(square);
        using var network = Network.FromModel(PreprocessingPresets.Apply(b.Build(), preset));

        // This toy's pixel gradients are ~1e-6 under tf scaling, where the notebook's epsilon (1e-5) would shorten
        // the step; real networks' are orders larger. A negligible epsilon tests the normalisation itself.
        var recipe = new NotebookRecipe { Steps = 1, Seed = seed, Epsilon = 1e-12 };
        var image = new FeatureVisualizer(network).Render(Objective.Channel("act", 1), 1, recipe).Images[0];

        var start = NotebookRenderer.StartNoise([1, 3, size, size], recipe);
        double rms = Math.Sqrt(image.Pixels.Zip(start.Data).Average(p => (p.First - (double)p.Second) * (p.First - p.Second)));
        // float32 pixels ~128 carry ~1e-5 of rounding; the RMS of the step is StepSize (1) by construction.
        Assert.Equal(1.0, rms, 1e-3);
        Assert.True(image.Curve[1] > image.Curve[0], $"{preset}: objective {image.Curve[0]} -> {image.Curve[1]}");
    }

    [Theory]
    [InlineData("conv2", 7)]
    [InlineData("conv12", 100)]
    public void ObjectiveRisesOverFortyStepsOnResNet18(string layer, int channel)
    {
        using var network = ModelLoader.Open(TestFiles.ResNet18);
        var curve = new FeatureVisualizer(network).Render(Objective.Channel(layer, channel), 1, new NotebookRecipe { Seed = 5 }).Images[0].Curve;
        AssertRises(curve, $"ResNet18 {layer}:{channel}");
    }

    [Fact]
    public void ObjectiveRisesOverFortyStepsOnANarrowVgg19()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var curve = new FeatureVisualizer(network).Render(Objective.Channel("block3_conv2", 16 / 8), 1, new NotebookRecipe { Seed = 6 }).Images[0].Curve;
        AssertRises(curve, "narrow VGG19 block3_conv2:2");
    }

    [Fact]
    public void SameSeedSameImageOtherSeedOtherImage()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var visualizer = new FeatureVisualizer(network);
        var recipe = new NotebookRecipe { Steps = 5, Seed = 8 };
        var first = visualizer.Render(Objective.Channel("block2_conv1", 3), 1, recipe).Images[0];
        var again = visualizer.Render(Objective.Channel("block2_conv1", 3), 1, recipe).Images[0];
        var other = visualizer.Render(Objective.Channel("block2_conv1", 3), 1, recipe with { Seed = 9 }).Images[0];
        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.Curve, again.Curve);
        // Start noise alone differs by ~6.7 pixel units on average between seeds.
        Assert.True(first.Pixels.Zip(other.Pixels).Average(p => Math.Abs(p.First - p.Second)) > 1);
    }

    [Fact]
    public void BatchOfChannelsEqualsSingleRunsWithTheSameSeeds()
    {
        using var network = VisualizationTestModels.NarrowVgg19();
        var visualizer = new FeatureVisualizer(network);
        int[] channels = [2, 5, 11];
        var recipe = new NotebookRecipe { Steps = 10, Seed = 40 };
        var batch = visualizer.Render(Objective.Channels("block3_conv1", channels), channels.Length, recipe);
        for (int i = 0; i < channels.Length; i++)
        {
            var single = visualizer.Render(Objective.Channel("block3_conv1", channels[i]), 1, recipe with { Seed = recipe.Seed + i }).Images[0];
            Assert.Equal($"block3_conv1:{channels[i]}", batch.Images[i].Label);
            // ORT may block a batched convolution differently from a single one (float32 sums in another order);
            // after 10 normalised steps of size 1 on values ~±60 that leaves differences far below 0.01.
            double worst = batch.Images[i].Preprocessed.Zip(single.Preprocessed).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst < 1e-2, $"channel {channels[i]}: batched and single images differ by {worst}");
            Assert.Equal(single.FinalObjective, batch.Images[i].FinalObjective, 1e-4 * (1 + Math.Abs(single.FinalObjective)));
        }
    }

    [Fact]
    public void ChannelsVisualiseAsGratingsAlongTheirEdgeDetectorsOrientation()
    {
        double[] angles = [0, 30, 60, 90, 120, 150];
        const int size = 48;
        using var network = Network.FromModel(VisualizationTestModels.OrientedEdges(angles, size));
        var result = new FeatureVisualizer(network).Render(Objective.Channels(VisualizationTestModels.EdgeLayer, [0, 1, 2, 3, 4, 5]), angles.Length,
            new NotebookRecipe { Seed = 12 });
        for (int k = 0; k < angles.Length; k++)
        {
            var (degrees, coherence) = Orientation.Dominant(result.Images[k].Pixels, size, size, VisualizationTestModels.EdgeKernel / 2 + 1);
            Assert.True(Orientation.Difference(degrees, angles[k]) <= 15,
                $"channel {k}: detector at {angles[k]}°, visualisation's dominant orientation {degrees:F1}° (coherence {coherence:F2}, seed 12)");
        }
    }

    private static void AssertRises(IReadOnlyList<double> curve, string what)
    {
        Assert.Equal(41, curve.Count); // the value before each of the 40 steps, and after the last
        int rising = Enumerable.Range(1, curve.Count - 1).Count(i => curve[i] > curve[i - 1]);
        Assert.True(curve[^1] > curve[0] + 0.5 * Math.Abs(curve[0]) + 1e-3 && rising >= 30,
            $"{what}: objective {curve[0]:G4} -> {curve[^1]:G4}, rising on {rising}/40 steps: {string.Join(", ", curve.Select(c => c.ToString("G3")))}");
    }
}
