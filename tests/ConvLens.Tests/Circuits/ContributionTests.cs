using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Runtime;
using Xunit;
using static ConvLens.Tests.Circuits.CircuitModels;

namespace ConvLens.Tests.Circuits;

public sealed class ContributionTests
{
    [Fact]
    public void TermsSumToThePreBiasConvOutputWithStridesPadsDilationsAndGroups()
    {
        const int seed = 11;
        var rng = new Random(seed);
        var spec = new ConvSpec(4, 6, 3, 2, TestModels.RandomNormal(rng, 6 * 2 * 9));
        var bias = TestModels.RandomNormal(rng, 6);
        using var network = Network.FromModel(SingleConv(spec, size: 9, bias: bias, strides: [2, 1], pads: [1, 0, 2, 1], dilations: [1, 2]));
        var input = FloatTensor.Zeros(2, 4, 9, 9).FillNormal(rng, 2f);

        var output = network.Activations(input, "conv")["conv"];
        int outHeight = output.Shape[2], outWidth = output.Shape[3];
        double largest = output.Data.Max(v => Math.Abs(v));
        for (int c = 0; c < 6; c++)
        {
            var target = ConvTracer.Locate(network.Model.Graph, "conv", c);
            Assert.Equal((outHeight, outWidth), target.Conv.OutputSize(9, 9));
            for (int n = 0; n < 2; n++)
            {
                var terms = ConvInputStatistics.PositionTerms(target, input, n);
                var naive = NaiveTerms(target, input, n, outHeight, outWidth);
                for (int p = 0; p < outHeight * outWidth; p++)
                {
                    double sum = 0;
                    for (int j = 0; j < target.Conv.InChannelsPerGroup; j++)
                    {
                        sum += terms[j * outHeight * outWidth + p];
                        // Both in double from the same floats, summed in the same tap order: equal to rounding.
                        Assert.Equal(naive[j, p], terms[j * outHeight * outWidth + p], 12);
                    }
                    // ORT sums 18 float32 products; 1e-5 of the largest output is ~100× its rounding error.
                    Assert.True(Math.Abs(sum - (output.Data[(n * 6 + c) * outHeight * outWidth + p] - bias[c])) < 1e-5 * largest,
                        $"seed {seed}: channel {c}, image {n}, position {p}: terms sum to {sum}, conv − bias is {output.Data[(n * 6 + c) * outHeight * outWidth + p] - bias[c]}");
                }
            }
        }
    }

    [Fact]
    public void DatasetContributionsEqualAnIndependentComputationFromTheEnginesActivations()
    {
        const int seed = 21;
        using var network = NarrowVgg(seed);
        var folder = new ImageFolder(GeneratedDataset.Write(5, seed));
        var target = ConvTracer.Locate(network.Model.Graph, "block2_conv2", 3);
        Assert.Equal("block2_conv1", target.Conv.InputValue);

        var statistics = DatasetContributions.Measure(network, [target.Conv], folder)[target.Conv.OutputValue];
        var measured = statistics.MeanContributions(target);

        // The broken PNG is skipped and counted; the text file is not an image file at all.
        Assert.Equal(5, statistics.Images);
        var skipped = Assert.Single(folder.Skipped);
        Assert.EndsWith("broken.png", skipped.File);
        Assert.Equal(6, folder.Files.Count);

        // Independently: load the images, run the engine, and average activation × weight over every position and tap.
        var images = folder.Files.Where(f => !f.EndsWith("broken.png")).Select(f => ImageLoader.Load(f, 32, 32)).ToList();
        var batch = LoadedImage.Batch(images);
        var input = network.Activations(batch, "block2_conv1")["block2_conv1"];
        var (outHeight, outWidth) = target.Conv.OutputSize(input.Shape[2], input.Shape[3]);
        var expected = new double[target.Conv.InChannelsPerGroup];
        for (int n = 0; n < images.Count; n++)
        {
            var naive = NaiveTerms(target, input, n, outHeight, outWidth);
            for (int j = 0; j < expected.Length; j++)
                for (int p = 0; p < outHeight * outWidth; p++) expected[j] += naive[j, p];
        }
        for (int j = 0; j < expected.Length; j++) expected[j] /= images.Count * outHeight * outWidth;
        Assert.Equal(images.Count * (long)outHeight * outWidth, statistics.Positions);

        // Same activations (one batch of 5 both ways), summed in double in different orders: 1e-9 relative.
        double scale = expected.Max(Math.Abs);
        for (int j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - measured[j]) < 1e-9 * scale, $"seed {seed}: input {j}: {measured[j]} vs {expected[j]}");
        var analysis = KernelAnalyzer.Analyze(network, "block2_conv2", 3);
        var ranking = ContributionRanking.Compare(analysis, measured, statistics.Images, statistics.Positions);
        var expectedOrder = Enumerable.Range(0, expected.Length).OrderByDescending(j => Math.Abs(expected[j])).ThenBy(j => j).ToArray();
        Assert.Equal(expectedOrder, ranking.Entries.Select(e => e.InputChannel));

        // And per position, the terms sum to the engine's pre-bias convolution output.
        var conv = network.Activations(batch, "block2_conv2_preact")["block2_conv2_preact"];
        var bias = target.Conv.Bias!;
        int plane = outHeight * outWidth;
        double largest = conv.Data.Max(v => Math.Abs(v));
        for (int n = 0; n < images.Count; n++)
        {
            var terms = ConvInputStatistics.PositionTerms(target, input, n);
            for (int p = 0; p < plane; p++)
            {
                double sum = 0;
                for (int j = 0; j < expected.Length; j++) sum += terms[j * plane + p];
                double actual = conv.Data[(n * conv.Shape[1] + 3) * plane + p] - bias[3];
                // ORT sums 72 float32 products per position; 1e-5 of the largest output is far above that rounding.
                Assert.True(Math.Abs(sum - actual) < 1e-5 * largest, $"seed {seed}: image {n}, position {p}: {sum} vs {actual}");
            }
        }
    }

    [Fact]
    public void OnResNet18TheFoldedTermsSumToTheBatchNormOutputMinusItsShift()
    {
        const int seed = 31;
        using var network = Network.Load(TestFiles.ResNet18);
        var graph = network.Model.Graph;
        var target = KernelAnalyzer.Analyze(network, "conv8", 40).Target;
        var bn = graph.Nodes.Single(n => n.Outputs[0] == "BatchNormalization293_Output_0");
        float beta = graph.Initializers[bn.Inputs[2]].ToFloats()[40], mean = graph.Initializers[bn.Inputs[3]].ToFloats()[40];
        var image = FloatTensor.Zeros(1, 3, 224, 224).FillNormal(new Random(seed), 60f);

        var activations = network.Activations(image, target.Conv.InputValue, "BatchNormalization293_Output_0");
        var terms = ConvInputStatistics.PositionTerms(target, activations[target.Conv.InputValue], 0);
        var output = activations["BatchNormalization293_Output_0"];

        // BN(x) = scale·(x − mean) + beta, and the terms sum to scale·x (the conv has no bias).
        int plane = 28 * 28;
        double largest = output.Data.Max(v => Math.Abs(v));
        for (int p = 0; p < plane; p++)
        {
            double sum = 0;
            for (int j = 0; j < 128; j++) sum += terms[j * plane + p];
            double expected = output.Data[40 * plane + p] - (beta - target.Scale * mean);
            // 1152 float32 products and a float32 BN in ORT: 1e-4 of the largest output covers their rounding.
            Assert.True(Math.Abs(sum - expected) < 1e-4 * largest, $"seed {seed}: position {p}: {sum} vs {expected}");
        }
    }

    /// <summary>The terms by the textbook formula, written independently of the library: [input, position].</summary>
    private static double[,] NaiveTerms(ConvChannel target, FloatTensor input, int n, int outHeight, int outWidth)
    {
        var conv = target.Conv;
        int channels = input.Shape[1], height = input.Shape[2], width = input.Shape[3];
        int group = target.Channel / (conv.OutChannels / conv.Groups);
        var terms = new double[conv.InChannelsPerGroup, outHeight * outWidth];
        for (int j = 0; j < conv.InChannelsPerGroup; j++)
        {
            int channel = group * conv.InChannelsPerGroup + j;
            for (int oy = 0; oy < outHeight; oy++)
                for (int ox = 0; ox < outWidth; ox++)
                    for (int ky = 0; ky < conv.KernelHeight; ky++)
                        for (int kx = 0; kx < conv.KernelWidth; kx++)
                        {
                            int y = oy * conv.StrideY + ky * conv.DilationY - conv.PadTop, x = ox * conv.StrideX + kx * conv.DilationX - conv.PadLeft;
                            if (y < 0 || x < 0 || y >= height || x >= width) continue;
                            float w = conv.Weights[((target.Channel * conv.InChannelsPerGroup + j) * conv.KernelHeight + ky) * conv.KernelWidth + kx];
                            terms[j, oy * outWidth + ox] += target.Scale * ((double)w * input.Data[((n * channels + channel) * height + y) * width + x]);
                        }
        }
        return terms;
    }
}
