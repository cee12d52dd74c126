using System.Text.Json;
using ConvLens.Models;
using ConvLens.Models.Keras;
using ConvLens.Runtime;
using ConvLens.Tests.Cli;
using ConvLens.Tests.Runtime;
using Xunit;

namespace ConvLens.Tests.Models.Keras;

public sealed class ConvertCommandTests
{
    // The converted file and ConvLens's graph hold the same weights and operators; only session options
    // (graph optimisations, threads) may reorder float32 sums: 1e-5 of the largest value covers that.
    private const double Tolerance = 1e-5;

    [Fact]
    public void ConvertedFileRunsInPlainOnnxRuntimeWithConvLensOutputs()
    {
        const int seed = 71;
        var vgg = KerasTestVgg.Random(VggVariant.Vgg19, includeTop: true, widthDivisor: 16, imageSize: 64, classes: 10, seed);
        var h5 = KerasModelReaderTests.WriteFile(vgg, KerasWeightLayout.Keras1);
        var onnx = Path.Combine(TestFiles.TempFolder(), "out", "vgg19.onnx");

        var (code, text) = CliRunner.Run("convert", h5, "-o", onnx);

        Assert.True(code == 0, text);
        Assert.Contains("VGG19", text);
        var input = FloatTensor.Zeros(1, 3, 64, 64).FillNormal(new Random(seed), 50f);
        using var network = Network.FromModel(KerasModelReader.Read(h5));
        var ours = network.Activations(input, "predictions", "predictions_logits", "block4_conv4");
        var plain = OrtReference.Run(onnx, input.Data, [1, 3, 64, 64], "predictions_logits", "block4_conv4");
        foreach (var value in new[] { "predictions", "predictions_logits", "block4_conv4" })
        {
            double error = OrtReference.RelativeError(plain[value], ours[value].Data);
            Assert.True(error < Tolerance, $"{value}: relative error {error:G3} (seed {seed})");
        }
    }

    [Fact]
    public void JsonSummaryDescribesTheConversionAndDefaultOutputIsNextToTheInput()
    {
        var vgg = KerasTestVgg.Random(VggVariant.Vgg16, includeTop: false, widthDivisor: 16, imageSize: 224, classes: 10, seed: 72);
        var h5 = KerasModelReaderTests.WriteFile(vgg, KerasWeightLayout.Keras2);

        var (code, text) = CliRunner.Run("convert", h5, "--json");

        Assert.True(code == 0, text);
        var onnx = Path.ChangeExtension(h5, ".onnx");
        Assert.True(File.Exists(onnx));
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(onnx, root.GetProperty("output").GetString());
        Assert.Equal("vgg16", root.GetProperty("architecture").GetString());
        Assert.Equal("keras2", root.GetProperty("layout").GetString());
        Assert.False(root.GetProperty("includeTop").GetBoolean());
        Assert.Equal(224, root.GetProperty("imageSize").GetInt32());
        Assert.Equal("caffe", root.GetProperty("preprocess").GetString());
        long parameters = vgg.Layers.Where(l => l.HasWeights).Sum(l => l.Kernel!.LongLength + l.Bias!.LongLength);
        Assert.Equal(parameters, root.GetProperty("parameters").GetInt64());
        Assert.Equal(new FileInfo(onnx).Length, root.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void ArchitectureOverrideIsPassedOn()
    {
        var vgg = KerasTestVgg.Random(VggVariant.Vgg19, includeTop: false, widthDivisor: 16, imageSize: 224, classes: 10, seed: 73);
        var h5 = KerasModelReaderTests.WriteFile(vgg, KerasWeightLayout.Keras2);

        var (code, text) = CliRunner.Run("convert", h5, "--arch", "vgg16", "-o", Path.ChangeExtension(h5, ".onnx"));

        Assert.Equal(2, code);
        Assert.Contains("block3_conv4", text);
        Assert.False(File.Exists(Path.ChangeExtension(h5, ".onnx")));
    }

    [Theory]
    [InlineData("bad-file")]
    [InlineData("missing")]
    [InlineData("bad-arch")]
    [InlineData("overwrite")]
    public void BadInputExitsWithCodeTwoAndNoStackTrace(string kind)
    {
        var folder = TestFiles.TempFolder();
        var h5 = Path.Combine(folder, "model.h5");
        string[] args = ["convert", h5, "-o", Path.Combine(folder, "model.onnx")];
        switch (kind)
        {
            case "bad-file":
                File.WriteAllText(h5, "not hdf5");
                break;
            case "bad-arch":
                File.WriteAllText(h5, "not hdf5");
                args = [.. args, "--arch", "resnet"];
                break;
            case "overwrite":
                File.WriteAllText(h5, "not hdf5");
                args = ["convert", h5, "-o", h5];
                break;
        }

        var (code, text) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(kind == "bad-arch" ? "--arch" : h5, text);
        Assert.DoesNotContain("   at ", text);
        Assert.False(File.Exists(Path.Combine(folder, "model.onnx")));
    }
}
