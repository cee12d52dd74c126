using System.Text.Json;
using ConvLens.Attribution;
using ConvLens.Graph;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Tests.Attribution;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class ActivationsCommandTests
{
    [Fact]
    public void TheFigureHasThreePanelsAndTheJsonTheMapsStatistics()
    {
        var folder = TestFiles.TempFolder();
        var model = ExplainCommandTests.WriteQuadrantModel(folder);
        var image = ExplainCommandTests.WriteImage(folder, "picture.png", 50, 37, 1);
        var figure = Path.Combine(folder, "figures", "fig.png");

        var (code, text) = CliRunner.Run("activations", "--model", model, "--layer", "features", "--channel", "5", image, "-o", figure, "--json", "--steps", "3");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(figure, root.GetProperty("figure").GetString());
        Assert.Equal(QuadrantModel.Features, root.GetProperty("value").GetString());
        Assert.Equal((8, 12), (root.GetProperty("height").GetInt32(), root.GetProperty("width").GetInt32()));

        // The same statistics computed from the image as the command loads it.
        using var network = Network.FromModel(QuadrantModel.Build(seed: 11));
        var loaded = ImageLoader.Load(image, QuadrantModel.Width, QuadrantModel.Height);
        var expected = ChannelActivationMap.Compute(network, loaded.ToTensor(), QuadrantModel.Features, 5).Statistics;
        var stats = root.GetProperty("statistics");
        // The same float activations summed in double both ways: 1e-9 relative.
        Assert.Equal(expected.Mean, stats.GetProperty("mean").GetDouble(), Math.Abs(expected.Mean) * 1e-9);
        Assert.Equal(expected.Max, stats.GetProperty("max").GetDouble(), Math.Abs(expected.Max) * 1e-9);
        Assert.Equal(expected.L2Norm, stats.GetProperty("l2Norm").GetDouble(), expected.L2Norm * 1e-9);
        var argmax = stats.GetProperty("argmax");
        Assert.Equal((expected.ArgmaxRow, expected.ArgmaxColumn), (argmax.GetProperty("row").GetInt32(), argmax.GetProperty("column").GetInt32()));
        // Column c of 12 lies at c · 49 / 11 in a 50-pixel-wide picture.
        Assert.Equal(expected.ArgmaxColumn * 49.0 / 11, argmax.GetProperty("x").GetDouble(), 1e-9);
        var predicted = ConvLens.Models.ClassificationHead.Of(network).Predict(network, loaded.ToTensor(), 1)[0][0];
        Assert.Equal(predicted.Index, root.GetProperty("prediction").GetProperty("index").GetInt32());
        Assert.Equal(3, root.GetProperty("visualization").GetProperty("steps").GetInt32());

        using var bitmap = SKBitmap.Decode(figure);
        int top = ActivationFigure.Margin + ActivationFigure.LineHeight + ActivationFigure.TitleGap;
        Assert.Equal(top + ActivationFigure.CellSize + ActivationFigure.Margin, bitmap.Height);
        Assert.True(bitmap.Width > ActivationFigure.PanelLeft(3) + ActivationFigureColorbar.BarWidth, $"width {bitmap.Width}");
        // The rendered visualization fills its panel's centre: not the grey of a missing panel, not white.
        var centre = bitmap.GetPixel((int)ActivationFigure.PanelLeft(0) + 112, top + 112);
        Assert.NotEqual(new SKColor(0xee, 0xee, 0xee), centre);
        Assert.NotEqual(SKColors.White, centre);
    }

    [Fact]
    public void WithoutStepsTheVisualizationPanelSaysItWasNotRendered()
    {
        var folder = TestFiles.TempFolder();
        var figure = Path.Combine(folder, "fig.png");

        var (code, _) = CliRunner.Run("activations", "--model", ExplainCommandTests.WriteQuadrantModel(folder), "--layer", "features", "--channel", "0",
            ExplainCommandTests.WriteImage(folder, "picture.png", 30, 30, 2), "-o", figure, "--steps", "0");

        Assert.Equal(0, code);
        using var bitmap = SKBitmap.Decode(figure);
        int top = ActivationFigure.Margin + ActivationFigure.LineHeight + ActivationFigure.TitleGap;
        Assert.Equal(new SKColor(0xee, 0xee, 0xee), bitmap.GetPixel((int)ActivationFigure.PanelLeft(0) + 5, top + 5));
    }

    [Fact]
    public void TheResNet18HasNoPredictionButShowsItsMap()
    {
        var folder = TestFiles.TempFolder();
        var image = ExplainCommandTests.WriteImage(folder, "picture.png", 80, 60, 3);

        var (code, text) = CliRunner.Run("activations", "--model", TestFiles.ResNet18, "--layer", "conv5", "--channel", "3", image,
            "-o", Path.Combine(folder, "fig.png"), "--steps", "0", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        Assert.False(json.RootElement.TryGetProperty("prediction", out _));
        Assert.Equal((56, 56), (json.RootElement.GetProperty("height").GetInt32(), json.RootElement.GetProperty("width").GetInt32()));
    }

    [Theory]
    [InlineData("8", "features", "channels 0..7")]
    [InlineData("0", "logits", "(N, C, H, W)")]
    [InlineData("0", "nope", "no layer named")]
    public void BadLayersAndChannelsExitWithCodeTwo(string channel, string layer, string expected)
    {
        var folder = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("activations", "--model", ExplainCommandTests.WriteQuadrantModel(folder), "--layer", layer, "--channel", channel,
            ExplainCommandTests.WriteImage(folder, "a.png", 8, 8, 1), "-o", Path.Combine(folder, "fig.png"), "--steps", "0");
        Assert.Equal(2, code);
        Assert.Contains(expected, text);
    }

    [Theory]
    [InlineData("-o", "fig.jpg", "PNG")]
    [InlineData("--alpha", "-1", "--alpha")]
    [InlineData("--steps", "-2", "--steps")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var folder = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("activations", "--model", ExplainCommandTests.WriteQuadrantModel(folder), "--layer", "features", "--channel", "0",
            ExplainCommandTests.WriteImage(folder, "a.png", 8, 8, 1), option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, text);
    }

    [Fact]
    public void LayerAndChannelAreRequired()
    {
        var folder = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("activations", "--model", ExplainCommandTests.WriteQuadrantModel(folder), ExplainCommandTests.WriteImage(folder, "a.png", 8, 8, 1));
        Assert.Equal(2, code);
        Assert.Contains("--layer and --channel", text);
    }
}
