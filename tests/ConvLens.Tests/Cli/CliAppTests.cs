using System.Text.Json;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Tests.Graph;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class CliAppTests
{
    [Fact]
    public void SummaryPrintsLayersAliasesShapesAndTotals()
    {
        var (code, output) = CliRunner.Run("summary", "--model", TestFiles.ResNet18);
        Assert.Equal(0, code);
        Assert.Contains("ReLU253_Output_0", output);
        Assert.Contains("conv1", output);
        Assert.Contains("(N, 64, 112, 112)", output);
        Assert.Contains("Total params", output);
    }

    [Fact]
    public void SummaryOfATorchExportShowsModulePathsFirstAndTheValueNameLast()
    {
        var path = Path.Combine(TestFiles.TempFolder(), "torch-resnet.onnx");
        OnnxModelWriter.WriteFile(ExportedModels.TorchResNet(), path);
        const string block = "/layer1/layer1.1/relu_1/Relu_output_0";

        var (code, output) = CliRunner.Run("summary", "--model", path);
        Assert.Equal(0, code);
        var cells = output.Split('\n').Single(l => l.Contains(block)).Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("layer1", cells[0]);
        Assert.Equal("layer1.1, layer1.1.relu, layer1.1.relu#2, add2", cells[1]);
        Assert.Equal(block, cells[^1]);

        var (jsonCode, jsonOutput) = CliRunner.Run("summary", "--model", path, "--json");
        Assert.Equal(0, jsonCode);
        using var json = JsonDocument.Parse(jsonOutput);
        var layer = json.RootElement.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == block);
        Assert.Equal("layer1", layer.GetProperty("displayName").GetString());
    }

    [Fact]
    public void SummaryJsonListsEveryLayerWithParameters()
    {
        var (code, output) = CliRunner.Run("summary", "--model", TestFiles.ResNet18, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var layers = json.RootElement.GetProperty("layers");
        // The packaged ResNet18 has 74 nodes; its preprocessing preset (RGB to BGR, mean image) comes before them.
        Assert.Equal(74, layers.EnumerateArray().Count(l => !l.GetProperty("preprocessing").GetBoolean()));
        Assert.Equal("resnet18-featurizer", json.RootElement.GetProperty("preprocessing").GetString());
        Assert.Equal("pixels", json.RootElement.GetProperty("input").GetProperty("name").GetString());
        long total = layers.EnumerateArray().Sum(l => l.GetProperty("parameters").GetInt64());
        Assert.Equal(json.RootElement.GetProperty("totalParameters").GetInt64(), total);
        Assert.True(json.RootElement.GetProperty("dynamicBatch").GetBoolean());
    }

    [Fact]
    public void BenchReportsTimesAsJson()
    {
        var (code, output) = CliRunner.Run("bench", "--model", TestFiles.ResNet18, "--layer", "conv2", "--runs", "2", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("medianMs").GetDouble() > 0);
        Assert.Equal("forward", json.RootElement.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("truncated")]
    [InlineData("random")]
    [InlineData("empty")]
    public void BadModelFilesExitWithCodeTwoAndNoStackTrace(string kind)
    {
        var folder = TestFiles.TempFolder();
        var path = Path.Combine(folder, kind + ".onnx");
        switch (kind)
        {
            case "truncated":
                var bytes = File.ReadAllBytes(TestFiles.ResNet18);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "random":
                var noise = new byte[4096];
                new Random(1).NextBytes(noise);
                File.WriteAllBytes(path, noise);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
        }
        var (code, output) = CliRunner.Run("summary", "--model", path);
        Assert.Equal(2, code);
        Assert.Contains(path, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void UnknownLayerExitsWithCodeTwoNamingCloseLayers()
    {
        var (code, output) = CliRunner.Run("bench", "--model", TestFiles.ResNet18, "--layer", "conv99", "--runs", "1");
        Assert.Equal(2, code);
        Assert.Contains("'conv99'", output);
        Assert.Contains("conv9", output);
    }

    [Fact]
    public void MissingInitializerNamesTheNodeAndValue()
    {
        var model = VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(1), includeTop: false, widthDivisor: 16, imageSize: 32);
        model.Graph.Initializers.Remove("block2_conv1/kernel");
        var path = Path.Combine(TestFiles.TempFolder(), "broken.onnx");
        OnnxModelWriter.WriteFile(model, path);
        var (code, output) = CliRunner.Run("summary", "--model", path);
        Assert.Equal(2, code);
        Assert.Contains("block2_conv1/kernel", output);
        Assert.Contains("block2_conv1_preact", output);
    }

    [Fact]
    public void InvalidOptionValueExitsWithCodeTwo()
    {
        var (code, output) = CliRunner.Run("bench", "--model", TestFiles.ResNet18, "--batch", "0");
        Assert.Equal(2, code);
        Assert.Contains("--batch", output);
    }

    [Fact]
    public void GradientThroughAnOpWithoutARuleExitsWithCodeTwoNamingOpAndNode()
    {
        var rng = new Random(1);
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, 16, 16);
        var conv = b.Node("Conv", [x, b.Weight("w", TestModels.RandomNormal(rng, 4 * 3 * 3 * 3), 4, 3, 3, 3)], "conv").Outputs[0];
        var hard = b.Node("Asinh", [conv], "squash").Outputs[0];
        var top = b.Node("Conv", [hard, b.Weight("w2", TestModels.RandomNormal(rng, 4 * 4), 4, 4, 1, 1)], "top").Outputs[0];
        b.Output(top);
        var path = Path.Combine(TestFiles.TempFolder(), "no-rule.onnx");
        OnnxModelWriter.WriteFile(b.Build(), path);
        var (code, output) = CliRunner.Run("bench", "--model", path, "--layer", "top", "--grad", "--runs", "1");
        Assert.Equal(2, code);
        Assert.Contains("Asinh", output);
        Assert.Contains("'squash'", output);
    }

    [Fact]
    public void QuickDemoChoosesAChannelAndWritesItsReport()
    {
        var output = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("demo", "--quick", "--json", "-o", output, "--samples", ConvLens.Tests.Browser.BrowserTestData.Samples(), "--threads", "2");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.True(File.Exists(root.GetProperty("page").GetString()));
        Assert.Equal("conv14", root.GetProperty("layer").GetString());
        // The chosen channel leads the candidates the page lists.
        var candidates = root.GetProperty("choice").GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(root.GetProperty("channel").GetInt32(), candidates[0].GetProperty("channel").GetInt32());
        Assert.Contains("choice", root.GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        // Nine photographs, no crops in the quick run.
        Assert.Equal(9, root.GetProperty("datasetImages").GetInt32());
    }
}
