using System.Text.Json;
using ConvLens.Graph;
using ConvLens.Tests.Visualization;
using ConvLens.Visualization;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class VisualizeCommandTests
{
    private const int Size = 32;

    private static string WriteModel(string folder)
    {
        var path = Path.Combine(folder, "edges.onnx");
        OnnxModelWriter.WriteFile(VisualizationTestModels.OrientedEdges([0, 45, 90, 135], Size), path);
        return path;
    }

    [Fact]
    public void OneChannelWritesAPngAndItsObjectiveCurve()
    {
        var folder = TestFiles.TempFolder();
        var png = Path.Combine(folder, "edge.png");
        var (code, output) = CliRunner.Run("visualize", "--model", WriteModel(folder), "--layer", "edges", "--channel", "1",
            "--recipe", "notebook", "--steps", "3", "-o", png, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("image", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("notebook", json.RootElement.GetProperty("recipe").GetString());
        Assert.Equal("std", json.RootElement.GetProperty("display").GetString());
        var image = json.RootElement.GetProperty("images")[0];
        Assert.Equal("edges:1", image.GetProperty("label").GetString());
        var curve = image.GetProperty("objective").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(4, curve.Length); // before each of 3 steps, and after the last
        Assert.True(curve[^1] > curve[0], $"objective {curve[0]} -> {curve[^1]}");
        Assert.Equal(curve[^1], image.GetProperty("finalObjective").GetDouble());
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal((Size, Size), (decoded.Width, decoded.Height));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    [Fact]
    public void SeveralChannelsMakeALabelledAtlas()
    {
        var folder = TestFiles.TempFolder();
        var png = Path.Combine(folder, "atlas.png");
        var (code, output) = CliRunner.Run("visualize", "--model", WriteModel(folder), "--layer", "edges", "--channel", "0-2",
            "--steps", "2", "--batch", "2", "-o", png, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("atlas", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("modern", json.RootElement.GetProperty("recipe").GetString());
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(["edges:0", "edges:1", "edges:2"], images.Select(i => i.GetProperty("label").GetString()));
        Assert.All(images, i => Assert.Equal(3, i.GetProperty("objective").GetArrayLength())); // 2 steps + the final image
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(VisualizationAtlas.SizeFor(3, Size), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void VariantsOfOneChannelWithDiversityAreNumbered()
    {
        var folder = TestFiles.TempFolder();
        var png = Path.Combine(folder, "variants.png");
        var (code, output) = CliRunner.Run("visualize", "--model", WriteModel(folder), "--layer", "edges", "--channel", "3",
            "--variants", "2", "--diversity", "5", "--steps", "2", "-o", png, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(["edges:3 #1", "edges:3 #2"], images.Select(i => i.GetProperty("label").GetString()));
        Assert.True(File.Exists(png));
    }

    [Fact]
    public void TextOutputReportsTheObjectiveAndTheFile()
    {
        var folder = TestFiles.TempFolder();
        var png = Path.Combine(folder, "one.png");
        var (code, output) = CliRunner.Run("visualize", "--model", WriteModel(folder), "--layer", "edges", "--channel", "2", "--steps", "2", "-o", png);
        Assert.Equal(0, code);
        Assert.Contains("edges:2: objective", output);
        Assert.Contains($"Wrote {png}", output);
    }

    [Theory]
    [InlineData(new[] { "--channel", "9" }, "layer 'edges' has channels 0..3; channel 9 is out of range")]
    [InlineData(new[] { "--channel", "x" }, "'x' in 'x' of layer 'edges' is not a channel")]
    [InlineData(new[] { "--channel", "3-1" }, "runs backwards")]
    [InlineData(new[] { "--channel", "1", "--recipe", "notebook", "--lr", "0.1" }, "--lr apply to the modern recipe")]
    [InlineData(new[] { "--channel", "1", "--display", "notebook" }, "use it with --recipe notebook")]
    [InlineData(new[] { "--channel", "1", "--transforms", "spin:3" }, "unknown transform 'spin'")]
    [InlineData(new[] { "--channel", "0-1", "--variants", "2" }, "--variants makes several images of one channel")]
    [InlineData(new[] { "--channel", "1", "-o", "out.jpg" }, "-o writes a PNG")]
    public void BadOptionsAreOneClearLine(string[] options, string message)
    {
        var folder = TestFiles.TempFolder();
        var (code, output) = CliRunner.Run(["visualize", "--model", WriteModel(folder), "--layer", "edges", "--steps", "1", .. options]);
        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Empty(Directory.GetFiles(folder, "*.png"));
    }

    [Fact]
    public void UnknownLayerListsTheClosestNames()
    {
        var folder = TestFiles.TempFolder();
        var (code, output) = CliRunner.Run("visualize", "--model", WriteModel(folder), "--layer", "edgez", "--channel", "0");
        Assert.Equal(2, code);
        Assert.Contains("no layer named 'edgez'", output);
        Assert.Contains("edges", output);
    }
}
