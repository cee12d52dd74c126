using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Keras;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Models.Keras;

public sealed class KerasModelReaderTests
{
    // ConvLens runs float32 against a float64 reference; the longest sums here (3·3·64 terms, fc1's
    // 512 rows) leave errors near 1e-6 of the largest activation. 1e-4 is far above that noise, and far
    // below the O(1) error of a misordered kernel or of fc1 rows in Keras's flatten order (asserted below).
    private const double Tolerance = 1e-4;

    // Narrow VGGs of the real topology: widths ÷16 (4 … 32 channels, 256 hidden units) and 64×64 images,
    // so that block5_pool is 2×2 and flattening (H, W, C) differs from flattening (C, H, W).
    private const int WidthDivisor = 16;
    private const int ImageSize = 64;
    private const int Classes = 10;

    public static TheoryData<VggVariant, KerasWeightLayout, bool, bool> Files => new()
    {
        { VggVariant.Vgg19, KerasWeightLayout.Keras1, true, false },
        { VggVariant.Vgg19, KerasWeightLayout.Keras2, false, false },
        { VggVariant.Vgg16, KerasWeightLayout.Keras1, false, false },
        { VggVariant.Vgg16, KerasWeightLayout.Keras2, true, true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryLayerEqualsKerasChannelsLastComputation(VggVariant variant, KerasWeightLayout layout, bool fixedLengthStrings, bool inModelWeights)
    {
        int seed = 11 + (int)variant * 2 + (int)layout;
        var vgg = KerasTestVgg.Random(variant, includeTop: true, WidthDivisor, ImageSize, Classes, seed);
        var path = WriteFile(vgg, layout, fixedLengthStrings, inModelWeights);

        var model = KerasModelReader.Read(path);

        Assert.Equal(path, model.Source);
        Assert.Equal("caffe", model.Metadata["convlens.preprocess"]);
        Assert.Equal(layout == KerasWeightLayout.Keras1 ? "keras1" : "keras2", model.Metadata["convlens.keras.layout"]);
        Assert.Equal(variant.ToString().ToLowerInvariant(), model.Metadata["convlens.architecture"]);
        AssertEveryLayerMatches(model, vgg, seed);
    }

    [Fact]
    public void Fc1InKerasFlattenOrderWouldNotMatch()
    {
        // The control for the test above: the same model with fc1's rows left in Keras's (H, W, C) order
        // must disagree with Keras, or the comparison could not see the mix-up it is there to catch.
        const int seed = 21;
        var vgg = KerasTestVgg.Random(VggVariant.Vgg19, includeTop: true, WidthDivisor, ImageSize, Classes, seed);
        var model = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras2));
        var fc1 = vgg["fc1"];
        model.Graph.Initializers["fc1/kernel"] = ConstTensor.FromFloats(fc1.Kernel!, fc1.KernelDims!);

        var (actual, expected) = Run(model, vgg, seed, "fc1");

        double error = KerasLayoutComparison.RelativeError(actual["fc1"], expected["fc1"]);
        Assert.True(error > 0.1, $"fc1 in Keras's row order still matched (relative error {error:G3}, seed {seed})");
    }

    [Fact]
    public void BothLayoutsAndBothPrecisionsGiveTheSameGraph()
    {
        var vgg = KerasTestVgg.Random(VggVariant.Vgg16, includeTop: true, WidthDivisor, ImageSize, Classes, seed: 31);
        var keras1 = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras1));
        var keras2 = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras2, fixedLengthStrings: false));
        var keras2Float64 = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras2, float64: true));

        foreach (var other in new[] { keras2, keras2Float64 })
        {
            Assert.Equal(Describe(keras1.Graph.Nodes), Describe(other.Graph.Nodes));
            Assert.Equal(keras1.Graph.Initializers.Keys.Order(), other.Graph.Initializers.Keys.Order());
            foreach (var (name, tensor) in keras1.Graph.Initializers)
            {
                Assert.Equal(tensor.Dims, other.Graph.Initializers[name].Dims);
                Assert.True(tensor.Bytes.Span.SequenceEqual(other.Graph.Initializers[name].Bytes.Span), $"initializer {name} differs");
            }
        }
    }

    [Theory]
    [InlineData(VggVariant.Vgg16)]
    [InlineData(VggVariant.Vgg19)]
    public void NotopFileLoadsWithoutTheTopAndMatchesKeras(VggVariant variant)
    {
        int seed = 41 + (int)variant;
        // Files without the top say nothing about the image size: they load at Keras's default, 224.
        var vgg = KerasTestVgg.Random(variant, includeTop: false, WidthDivisor, imageSize: 224, Classes, seed);
        var model = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras2));

        Assert.DoesNotContain(model.Graph.Initializers.Keys, k => k.StartsWith("fc") || k.StartsWith("predictions"));
        Assert.Equal("block5_pool", model.Graph.Outputs.Single().Name);
        Assert.Equal(224, model.Graph.Inputs[0].Shape![2].Value);
        var (actual, expected) = Run(model, vgg, seed, "block5_pool", "block3_conv2");
        foreach (var layer in new[] { "block5_pool", "block3_conv2" })
        {
            double error = KerasLayoutComparison.RelativeError(actual[layer], expected[layer]);
            Assert.True(error < Tolerance, $"{layer}: relative error {error:G3} (seed {seed})");
        }
    }

    [Fact]
    public void ArchitectureOverrideThatMatchesTheFileLoads()
    {
        var vgg = KerasTestVgg.Random(VggVariant.Vgg19, includeTop: false, WidthDivisor, ImageSize, Classes, seed: 51);
        var model = KerasModelReader.Read(WriteFile(vgg, KerasWeightLayout.Keras1), VggVariant.Vgg19);
        Assert.Contains("block5_conv4/kernel", model.Graph.Initializers.Keys);
    }

    [Theory]
    [InlineData("vgg16", VggVariant.Vgg16)]
    [InlineData("VGG19", VggVariant.Vgg19)]
    [InlineData(" vgg19 ", VggVariant.Vgg19)]
    public void ArchitectureNamesParse(string name, VggVariant expected) =>
        Assert.Equal(expected, KerasModelReader.ParseArchitecture(name));

    [Fact]
    public void UnknownArchitectureNameIsAnError()
    {
        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.ParseArchitecture("resnet50"));
        Assert.Contains("'resnet50'", e.Message);
    }

    internal static string WriteFile(KerasTestVgg vgg, KerasWeightLayout layout, bool fixedLengthStrings = true, bool inModelWeights = false, bool float64 = false)
    {
        var top = vgg.IncludeTop ? "" : "_notop";
        var path = Path.Combine(TestFiles.TempFolder(), $"{vgg.Variant.ToString().ToLowerInvariant()}_{layout}{top}.h5");
        KerasH5Writer.Write(path, vgg.Layers, layout, fixedLengthStrings, inModelWeights, float64);
        return path;
    }

    /// <summary>Runs ConvLens and the channels-last reference on the same seeded batch of two images.</summary>
    internal static (Dictionary<string, FloatTensor> ConvLens, Dictionary<string, double[]> Keras) Run(OnnxModel model, KerasTestVgg vgg, int seed, params string[] layers)
    {
        var input = FloatTensor.Zeros(2, 3, vgg.ImageSize, vgg.ImageSize).FillNormal(new Random(seed), 1f);
        using var network = Network.FromModel(model);
        var actual = network.Activations(input, layers);
        var expected = KerasReferenceVgg.Run(vgg, KerasLayoutComparison.ToNhwc(input), batch: 2);
        return (actual, expected);
    }

    private static void AssertEveryLayerMatches(OnnxModel model, KerasTestVgg vgg, int seed)
    {
        var layers = vgg.Layers.Where(l => l.Name != "input_1").Select(l => l.Name).Append("predictions_logits").ToArray();
        var (actual, expected) = Run(model, vgg, seed, layers);
        int side = vgg.ImageSize / 32, channels = (int)vgg["block5_conv1"].KernelDims![3];
        foreach (var layer in layers)
        {
            (int, int, int)? finalMap = layer == "flatten" ? (channels, side, side) : null;
            double error = KerasLayoutComparison.RelativeError(actual[layer], expected[layer], finalMap);
            Assert.True(error < Tolerance, $"{layer}: relative error {error:G3} against Keras (seed {seed})");
        }
    }

    private static List<string> Describe(IEnumerable<Node> nodes) =>
        nodes.Select(n => $"{n.OpType}({string.Join(",", n.Inputs)})->{string.Join(",", n.Outputs)}").ToList();
}
