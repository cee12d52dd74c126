using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Tests.Runtime;
using Xunit;

namespace ConvLens.Tests.Models.Preprocessing;

/// <summary>
/// Presets prepended to a model's graph: the network fed pixels must equal the original network fed
/// preprocessing computed by hand, names and aliases stay as they were, and the metadata says what was done.
/// </summary>
public sealed class PreprocessGraphTests
{
    // The same kernels on inputs that differ by float32 rounding of the preprocessing (torch computes
    // (x − 255m)/(255s) in the graph and (x/255 − m)/s by hand): 1e-5 of the largest logit covers that.
    private const double Tolerance = 1e-5;

    internal static OnnxModel SmallVgg(int seed) =>
        VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(seed), widthDivisor: 16, imageSize: 32, classes: 10);

    internal static FloatTensor RandomPixels(int seed, int batch, int size)
    {
        var rng = new Random(seed);
        return new FloatTensor(Enumerable.Range(0, batch * 3 * size * size).Select(_ => (float)(rng.NextDouble() * 255)).ToArray(), batch, 3, size, size);
    }

    /// <summary>Each preset written out independently of the library, as Keras and torchvision define it.</summary>
    internal static FloatTensor ByHand(string preset, FloatTensor pixels)
    {
        var output = new float[pixels.Length];
        int plane = pixels.Shape[2] * pixels.Shape[3];
        double[] torchMean = [0.485, 0.456, 0.406], torchStd = [0.229, 0.224, 0.225];
        double[] caffeMeanBgr = [103.939, 116.779, 123.68];
        for (int b = 0; b < pixels.Shape[0]; b++)
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < plane; p++)
                {
                    int at = (b * 3 + c) * plane + p;
                    double rgb = pixels.Data[at];
                    output[at] = preset switch
                    {
                        "caffe" => (float)(pixels.Data[(b * 3 + 2 - c) * plane + p] - caffeMeanBgr[c]), // output channel c reads BGR[c]
                        "torch" => (float)((rgb / 255 - torchMean[c]) / torchStd[c]),
                        "tf" => (float)(rgb / 127.5 - 1),
                        _ => (float)rgb,
                    };
                }
        return new FloatTensor(output, pixels.Shape.ToArray());
    }

    [Theory]
    [InlineData("caffe")]
    [InlineData("torch")]
    [InlineData("tf")]
    [InlineData("none")]
    public void PrependedPresetEqualsHandPreprocessingThenTheOriginalModel(string preset)
    {
        const int seed = 31;
        var original = SmallVgg(seed);
        using var plain = Network.FromModel(original);
        using var preprocessed = Network.FromModel(PreprocessingPresets.Apply(original, preset));
        var pixels = RandomPixels(seed, batch: 2, size: 32);
        var expected = plain.Activations(ByHand(preset, pixels), "predictions_logits")["predictions_logits"];
        var actual = preprocessed.Activations(pixels, "predictions_logits", "input");
        Assert.True(OrtReference.RelativeError(actual["predictions_logits"].Data, expected.Data) < Tolerance, $"seed {seed}, {preset}: logits");
        // The original input name now holds the preprocessed image.
        Assert.True(OrtReference.RelativeError(actual["input"].Data, ByHand(preset, pixels).Data) < Tolerance, $"seed {seed}, {preset}: preprocessed input");
    }

    [Fact]
    public void PixelsBecomeTheInputAndTheOriginalInputAnIntermediateValue()
    {
        var original = SmallVgg(1);
        var model = PreprocessingPresets.Apply(original, "caffe");
        Assert.Equal("pixels", Assert.Single(model.Graph.Inputs).Name);
        Assert.Equal(original.Graph.Inputs[0].Shape, model.Graph.Inputs[0].Shape);
        Assert.Contains(model.Graph.Nodes, n => n.Outputs.Contains("input"));
        Assert.Equal("caffe", model.Metadata[PreprocessMetadata.Preset]);
        Assert.Equal("input", model.Metadata[PreprocessMetadata.PreprocessedInput]);
        Assert.Equal("pixels", model.Metadata[PreprocessMetadata.PixelInput]);
        Assert.Equal([3L, 32, 32], model.Graph.ShapeOf("input")!.Dims.Skip(1).Select(d => d.Value));
        // The caller's model is untouched.
        Assert.Equal("input", Assert.Single(original.Graph.Inputs).Name);
        Assert.DoesNotContain(PreprocessMetadata.PixelInput, original.Metadata.Keys);
    }

    [Theory]
    [InlineData("caffe", new[] { "Slice", "Sub" })]
    [InlineData("torch", new[] { "Sub", "Div" })]
    [InlineData("tf", new[] { "Sub", "Div" })]
    [InlineData("none", new[] { "Identity" })]
    public void PresetsUseOnlyOperatorsWithGradientRules(string preset, string[] operators)
    {
        var original = SmallVgg(2);
        var model = PreprocessingPresets.Apply(original, preset);
        var added = model.Graph.Nodes.Take(model.Graph.Nodes.Count - original.Graph.Nodes.Count).Select(n => n.OpType).ToArray();
        Assert.Equal(operators, added);
        Assert.All(added, op => Assert.Equal(GradientKind.Differentiable, GradientRegistry.Default.Find(op)?.Kind));
    }

    [Theory]
    [InlineData("caffe")]
    [InlineData("torch")]
    public void LayerNamesAndAliasesStayAsTheyWere(string preset)
    {
        var original = SmallVgg(3);
        using var plain = Network.FromModel(original);
        using var preprocessed = Network.FromModel(PreprocessingPresets.Apply(original, preset));
        foreach (var layer in plain.Layers.All)
            Assert.Equal(layer.Aliases, preprocessed.Layers.Resolve(layer.Value).Aliases);
        Assert.Equal(plain.Layers.Resolve("conv1").Value, preprocessed.Layers.Resolve("conv1").Value);
        Assert.Equal(plain.Layers.Resolve("block2_conv1").Value, preprocessed.Layers.Resolve("block2_conv1").Value);
    }

    [Fact]
    public void PresetIsChosenFromMetadataThenTheResNet18ThenNone()
    {
        var vgg = SmallVgg(4);
        Assert.Equal("none", PreprocessingPresets.PresetFor(vgg));
        vgg.Metadata[PreprocessMetadata.Preset] = "caffe";
        Assert.Equal("caffe", PreprocessingPresets.PresetFor(vgg));
        Assert.Equal("resnet18-featurizer", PreprocessingPresets.PresetFor(OnnxModelReader.ReadFile(TestFiles.ResNet18)));
        Assert.Equal("torch", PreprocessingPresets.PresetFor(PreprocessingPresets.Apply(SmallVgg(4), "torch")));
    }

    [Fact]
    public void ApplyingTheSamePresetTwiceChangesNothingAndADifferentOneIsRefused()
    {
        var once = PreprocessingPresets.Apply(SmallVgg(5), "tf");
        var twice = PreprocessingPresets.Apply(once, "tf");
        Assert.Equal(once.Graph.Nodes.Count, twice.Graph.Nodes.Count);
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Apply(once, "caffe"));
        Assert.Contains("already has the 'tf' preprocessing", error.Message);
    }

    [Fact]
    public void UnknownPresetIsRefusedWithTheValidNames()
    {
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Apply(SmallVgg(6), "vgg"));
        Assert.Contains("caffe, torch, tf, resnet18-featurizer, none", error.Message);
    }

    [Fact]
    public void MeanImagePresetRefusesAModelOfAnotherInputSize()
    {
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Apply(SmallVgg(7), "resnet18-featurizer"));
        Assert.Contains("224 × 224", error.Message);
        Assert.Contains("'input'", error.Message);
    }

    [Fact]
    public void ColourPresetRefusesAGrayscaleModelButNoneAcceptsIt()
    {
        var b = new GraphBuilder();
        var x = b.Input("gray", Dim.Sym("N"), 1, 8, 8);
        b.Output(b.Node("Relu", [x], "relu").Outputs[0]);
        var model = b.Build();
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Apply(model, "torch"));
        Assert.Contains("1 channels", error.Message);
        using var network = Network.FromModel(PreprocessingPresets.Apply(model, "none"));
        var input = new FloatTensor(Enumerable.Range(0, 64).Select(i => i - 32f).ToArray(), 1, 1, 8, 8);
        Assert.Equal(input.Data.Select(v => Math.Max(v, 0)), network.Activations(input, "relu")["relu"].Data);
    }

    [Fact]
    public void PixelInputNameAvoidsAClash()
    {
        var b = new GraphBuilder();
        var x = b.Input("pixels", Dim.Sym("N"), 3, 4, 4);
        b.Output(b.Node("Relu", [x], "relu").Outputs[0]);
        var model = PreprocessingPresets.Apply(b.Build(), "tf");
        Assert.Equal("pixels_1", model.Graph.Inputs[0].Name);
        Assert.Equal("pixels_1", model.Metadata[PreprocessMetadata.PixelInput]);
        Assert.Equal("pixels", model.Metadata[PreprocessMetadata.PreprocessedInput]);
    }

    [Fact]
    public void PackagedResNet18WithItsPresetEqualsItsOwnCntkPreprocessingInPlainOnnxRuntime()
    {
        const int seed = 41;
        var pixels = RandomPixels(seed, batch: 1, size: 224);
        var cntk = OrtReference.Run(FeaturizerMeanImage.DefaultPath, pixels.Data, [1, 3, 224, 224]);
        var cntkPreprocessed = Assert.Single(cntk).Value;

        var model = PreprocessingPresets.Apply(OnnxModelReader.ReadFile(TestFiles.ResNet18), PreprocessingPresets.PresetFor(OnnxModelReader.ReadFile(TestFiles.ResNet18)));
        Assert.Equal("resnet18-featurizer", model.Metadata[PreprocessMetadata.Preset]);
        using var network = Network.FromModel(model);
        Assert.Equal("pixels", network.Input.Name);
        var actual = network.Activations(pixels, "Input247", "Pooling395_Output_0");
        // Subtracting the same float32 mean from the same pixels: identical up to nothing (1e-6 to be safe).
        Assert.True(OrtReference.RelativeError(actual["Input247"].Data, cntkPreprocessed) < 1e-6, $"seed {seed}: preprocessed input");
        Assert.True(OrtReference.RelativeError(PreprocessingPresets.Get("resnet18-featurizer").ToPreprocessed(pixels).Data, cntkPreprocessed) < 1e-6, $"seed {seed}: C# preprocessing");

        var features = OrtReference.Run(TestFiles.ResNet18, cntkPreprocessed, [1, 3, 224, 224])["Pooling395_Output_0"];
        // As in the runtime tests: the same kernels, only graph optimisations may reorder float32 sums.
        Assert.True(OrtReference.RelativeError(actual["Pooling395_Output_0"].Data, features) < Tolerance, $"seed {seed}: features");
    }
}
