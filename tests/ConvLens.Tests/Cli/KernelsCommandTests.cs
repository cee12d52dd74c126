using System.Text.Json;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Tests.Circuits;
using SkiaSharp;
using Xunit;
using static ConvLens.Tests.Circuits.CircuitModels;

namespace ConvLens.Tests.Cli;

public sealed class KernelsCommandTests
{
    [Fact]
    public void JsonListsTheTopSlicesWithExactStatistics()
    {
        // Output channel 1's slices: norms 5, 10, 3 and means 7/9, −14/9, 5/9 (exact in double).
        float[][] slices = [[3, 4, 0, 0, 0, 0, 0, 0, 0], [-6, -8, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 0, 0, 0, 0, 0, 0]];
        var weights = Enumerable.Repeat(100f, 27).Concat(slices.SelectMany(s => s)).ToArray();
        var model = Write(SingleConv(new ConvSpec(3, 2, 3, 1, weights)), "three.onnx");

        var (code, output) = CliRunner.Run("kernels", "--model", model, "--layer", "relu", "--channel", "1", "--top", "2", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var kernels = json.RootElement.GetProperty("kernels");
        // The layer is shown by its positional alias; the value name is kept beside it.
        Assert.Equal("conv1", kernels.GetProperty("layer").GetString());
        Assert.Equal("relu", kernels.GetProperty("value").GetString());
        Assert.Equal("conv", kernels.GetProperty("conv").GetProperty("output").GetString());
        Assert.Equal(1.0, kernels.GetProperty("conv").GetProperty("scale").GetDouble());
        Assert.Equal("graphinput", kernels.GetProperty("inputs").GetProperty("kind").GetString());
        Assert.Equal("l2", kernels.GetProperty("rank").GetString());
        var top = kernels.GetProperty("slices").EnumerateArray().ToArray();
        Assert.Equal([1, 0], top.Select(s => s.GetProperty("inputChannel").GetInt32()));
        // JSON writes doubles round-trippably: exact.
        Assert.Equal([10.0, 5.0], top.Select(s => s.GetProperty("l2Norm").GetDouble()));
        Assert.Equal([-14 / 9.0, 7 / 9.0], top.Select(s => s.GetProperty("mean").GetDouble()));
        Assert.Equal(["inhibitory", "excitatory"], top.Select(s => s.GetProperty("sign").GetString()));
        Assert.Equal("mostly inhibitory", top[0].GetProperty("label").GetString());
        Assert.Equal([-6.0, -8.0, 0.0], top[0].GetProperty("values")[0].EnumerateArray().Select(v => v.GetDouble()));
        // Min–max over the slice (−8 .. 0): −6 → 0.25, −8 → 0, 0 → 1; exact.
        Assert.Equal([0.25, 0.0, 1.0], top[0].GetProperty("normalized")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.False(json.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public void TheTableAndTheFigure()
    {
        var folder = TestFiles.TempFolder();
        var model = Write(SingleConv(new ConvSpec(8, 2, 3, 1, TestModels.RandomNormal(new Random(1), 2 * 8 * 9))), "random.onnx", folder);
        var figure = Path.Combine(folder, "kernels.png");

        var (code, output) = CliRunner.Run("kernels", "--model", model, "--layer", "relu", "--channel", "0", "-o", figure);

        Assert.Equal(0, code);
        Assert.Contains("conv1 channel 0 ← Conv 'conv' output channel 0", output);
        Assert.Contains("Inputs: input (the network input)", output);
        Assert.Contains("mostly", output);
        Assert.Contains($"Wrote {figure}", output);
        using var bitmap = SKBitmap.Decode(figure);
        // Six columns as wide as a 3×3 kernel of 72-pixel cells, with 20-pixel gaps between 16-pixel margins.
        Assert.Equal(2 * 16 + 6 * 3 * 72 + 5 * 20, bitmap.Width);
    }

    [Fact]
    public void TheDatasetRankingIsPrintedBesideTheWeightRanking()
    {
        const int seed = 3;
        var folder = TestFiles.TempFolder();
        var model = Write(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(seed), includeTop: false, widthDivisor: 16, imageSize: 32), "vgg.onnx", folder);
        var dataset = GeneratedDataset.Write(5, seed);

        var (code, output) = CliRunner.Run("kernels", "--model", model, "--layer", "block2_conv2", "--channel", "2", "--dataset", dataset, "--batch", "2", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(5, data.GetProperty("images").GetInt32());
        Assert.Equal(1, data.GetProperty("skipped").GetInt32());
        Assert.EndsWith("broken.png", data.GetProperty("skippedFiles")[0].GetProperty("file").GetString());
        Assert.InRange(data.GetProperty("spearman").GetDouble(), -1, 1);
        Assert.Equal(6, data.GetProperty("weightRanking").GetArrayLength());
        Assert.Equal(6, data.GetProperty("dataRanking").GetArrayLength());
        Assert.Equal(Enumerable.Range(1, 6), data.GetProperty("dataRanking").EnumerateArray().Select(e => e.GetProperty("dataRank").GetInt32()));
        var weightOrder = json.RootElement.GetProperty("kernels").GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("inputChannel").GetInt32());
        Assert.Equal(weightOrder, data.GetProperty("weightRanking").EnumerateArray().Select(e => e.GetProperty("inputChannel").GetInt32()));
    }

    [Fact]
    public void AResidualSumExitsWithCodeTwoNamingItsBranches()
    {
        var model = Write(Residual(1), "residual.onnx");

        var (code, output) = CliRunner.Run("kernels", "--model", model, "--layer", "r2", "--channel", "0");

        Assert.Equal(2, code);
        Assert.Contains("residual Add 'add'", output);
        Assert.Contains("--layer bn2", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("--rank", "max", "--rank")]
    [InlineData("--top", "0", "--top")]
    [InlineData("-o", "kernels.jpg", "PNG")]
    [InlineData("--channel", "7", "channels 0..1")]
    [InlineData("--dataset", "/nonexistent/images", "does not exist")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var model = Write(SingleConv(new ConvSpec(2, 2, 3, 1, new float[36])), "zeros.onnx");
        string[] args = option == "--channel"
            ? ["kernels", "--model", model, "--layer", "relu", option, value]
            : ["kernels", "--model", model, "--layer", "relu", "--channel", "0", option, value];

        var (code, output) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void LayerAndChannelAreRequired()
    {
        var model = Write(SingleConv(new ConvSpec(2, 2, 3, 1, new float[36])), "zeros.onnx");
        Assert.Contains("--layer is required", CliRunner.Run("kernels", "--model", model, "--channel", "0").Output);
        var (code, output) = CliRunner.Run("kernels", "--model", model, "--layer", "relu");
        Assert.Equal(2, code);
        Assert.Contains("--channel is required", output);
    }

    internal static string Write(OnnxModel model, string name, string? folder = null)
    {
        var path = Path.Combine(folder ?? TestFiles.TempFolder(), name);
        OnnxModelWriter.WriteFile(model, path);
        return path;
    }
}
