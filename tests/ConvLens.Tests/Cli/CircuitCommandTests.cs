using System.Text.Json;
using System.Xml.Linq;
using ConvLens.Models;
using ConvLens.Tests.Circuits;
using SkiaSharp;
using Xunit;
using static ConvLens.Tests.Cli.KernelsCommandTests;

namespace ConvLens.Tests.Cli;

public sealed class CircuitCommandTests
{
    [Fact]
    public void TheFigureShowsKernelsAboveTheirVisualizations()
    {
        var folder = TestFiles.TempFolder();
        var model = NarrowVgg(folder, 4);
        var figure = Path.Combine(folder, "circuit.png");

        var (code, output) = CliRunner.Run("circuit", "--model", model, "--layer", "block3_conv2", "--channel", "5", "--top", "4",
            "--recipe", "notebook", "--steps", "3", "-o", figure, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var visualization = json.RootElement.GetProperty("visualization");
        Assert.Equal("notebook", visualization.GetProperty("recipe").GetString());
        Assert.Equal(3, visualization.GetProperty("steps").GetInt32());
        Assert.Equal("block3_conv1", visualization.GetProperty("layer").GetString());
        Assert.True(visualization.GetProperty("visualized").GetBoolean());
        var channels = visualization.GetProperty("channels").EnumerateArray().Select(c => c.GetInt32());
        var ranked = json.RootElement.GetProperty("kernels").GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("inputChannel").GetInt32());
        Assert.Equal(ranked, channels);
        Assert.Equal(figure, json.RootElement.GetProperty("figure").GetString());
        using var bitmap = SKBitmap.Decode(figure);
        // Below each kernel a 168-pixel visualization: the image band is not blank.
        int imageTop = bitmap.Height - 16 - 18 - 168;
        var colours = Enumerable.Range(0, 168).Select(x => bitmap.GetPixel(16 + x, imageTop + 84)).Distinct().Count();
        Assert.True(colours > 10, $"the first visualization has {colours} colours along its middle row");
    }

    [Fact]
    public void DepthTwoWritesTheSvgGraph()
    {
        var folder = TestFiles.TempFolder();
        var model = NarrowVgg(folder, 5);
        var svg = Path.Combine(folder, "graph.svg");

        var (code, output) = CliRunner.Run("circuit", "--model", model, "--layer", "block3_conv2", "--channel", "1", "--top", "3", "--fanout", "2",
            "--depth", "2", "--recipe", "notebook", "--steps", "1", "-o", svg, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("svg", json.RootElement.GetProperty("format").GetString());
        var nodes = json.RootElement.GetProperty("nodes").GetArrayLength();
        var edges = json.RootElement.GetProperty("edges").GetArrayLength();
        Assert.Equal(3 + 3 * 2, edges);
        Assert.InRange(nodes, 1 + 3 + 2, 1 + 3 + 6);
        var document = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(nodes, document.Descendants(ns + "image").Count());
        Assert.Equal(edges, document.Descendants(ns + "path").Count());
    }

    [Fact]
    public void TheHtmlGraphWithADatasetIsDataGrounded()
    {
        const int seed = 6;
        var folder = TestFiles.TempFolder();
        var model = NarrowVgg(folder, seed);
        var html = Path.Combine(folder, "graph.html");

        var (code, output) = CliRunner.Run("circuit", "--model", model, "--layer", "block2_conv2", "--channel", "0", "--top", "2",
            "--depth", "2", "--recipe", "notebook", "--steps", "1", "--dataset", GeneratedDataset.Write(3, seed), "-o", html, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("dataGrounded").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("skipped").GetInt32());
        Assert.All(json.RootElement.GetProperty("edges").EnumerateArray(), e => Assert.Equal(JsonValueKind.Number, e.GetProperty("contribution").ValueKind));
        var page = File.ReadAllText(html);
        Assert.StartsWith("<!doctype html>", page);
        Assert.Contains("measured contribution", page);
    }

    [Fact]
    public void TheImageInputHasNoVisualizationAndTheFigureShowsKernelsOnly()
    {
        var folder = TestFiles.TempFolder();
        var model = Write(CircuitModels.SingleConv(new CircuitModels.ConvSpec(3, 2, 3, 1, TestModels.RandomNormal(new Random(2), 54))), "first.onnx", folder);
        var figure = Path.Combine(folder, "first.png");

        var (code, output) = CliRunner.Run("circuit", "--model", model, "--layer", "relu", "--channel", "1", "-o", figure);

        Assert.Equal(0, code);
        Assert.Contains("kernels only", output);
        Assert.True(File.Exists(figure));
    }

    [Theory]
    [InlineData(new[] { "--depth", "2", "-o", "graph.png" }, "--format svg or html")]
    [InlineData(new[] { "--format", "pdf" }, "--format must be png, svg or html")]
    [InlineData(new[] { "--recipe", "fancy" }, "--recipe")]
    [InlineData(new[] { "--depth", "5" }, "--depth must be 1..4")]
    [InlineData(new[] { "--format", "svg", "-o", "graph.html" }, "does not end in .svg")]
    [InlineData(new[] { "--depth", "3", "--top", "6", "--max-nodes", "10", "--format", "svg" }, "more than 10")]
    public void BadOptionsExitWithCodeTwo(string[] options, string expected)
    {
        var folder = TestFiles.TempFolder();
        var model = NarrowVgg(folder, 1);

        var (code, output) = CliRunner.Run(["circuit", "--model", model, "--layer", "block3_conv2", "--channel", "0", "--recipe", "notebook", .. options]);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    private static string NarrowVgg(string folder, int seed) =>
        Write(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(seed), includeTop: false, widthDivisor: 16, imageSize: 32), "vgg.onnx", folder);
}
