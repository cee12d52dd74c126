using System.Text.Json;
using ConvLens.Graph;
using ConvLens.Tests.Models;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class ClassifyCommandTests
{
    [Fact]
    public void JsonListsTheTopClassesOfEachImage()
    {
        var folder = TestFiles.TempFolder();
        var model = WriteModel(folder, ColourClassifier.Ending.Softmax);
        var images = new[] { WritePng(folder, "red.png", SKColors.Red), WritePng(folder, "green.png", new SKColor(0, 255, 0)), WritePng(folder, "blue.png", SKColors.Blue) };

        var (code, output) = CliRunner.Run(["classify", "--model", model, .. images, "--top", "3", "--json"]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1000, json.RootElement.GetProperty("classes").GetInt32());
        Assert.Equal("probabilities", json.RootElement.GetProperty("scores").GetString());
        var results = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(images, results.Select(r => r.GetProperty("file").GetString()));
        int[][] expected = [[281, 0, 1], [1, 0, 2], [999, 0, 1]];
        for (int i = 0; i < 3; i++)
        {
            var top = results[i].GetProperty("top").EnumerateArray().ToArray();
            Assert.Equal(expected[i], top.Select(t => t.GetProperty("index").GetInt32()));
            // One float32 softmax over a mean of 255 (resizing a solid image keeps it solid): 1e-6 absolute.
            Assert.Equal(ColourClassifier.WinnerProbability(255), top[0].GetProperty("probability").GetDouble(), 1e-6);
        }
        var first = results[0].GetProperty("top")[0];
        Assert.Equal("tabby", first.GetProperty("name").GetString());
        Assert.Equal("tabby, tabby cat", first.GetProperty("description").GetString());
    }

    [Fact]
    public void LogitsGetOneSoftmaxAndGiveTheSameProbabilities()
    {
        var folder = TestFiles.TempFolder();
        var image = WritePng(folder, "red.png", SKColors.Red);

        double Probability(ColourClassifier.Ending ending)
        {
            var (code, output) = CliRunner.Run("classify", "--model", WriteModel(folder, ending), image, "--top", "1", "--json");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("images")[0].GetProperty("top")[0].GetProperty("probability").GetDouble();
        }

        // float32 softmax in ORT versus here: 1e-6 absolute.
        Assert.Equal(Probability(ColourClassifier.Ending.Softmax), Probability(ColourClassifier.Ending.Logits), 1e-6);
    }

    [Fact]
    public void TextOutputNamesTheImageAndItsClasses()
    {
        var folder = TestFiles.TempFolder();
        var image = WritePng(folder, "cat.png", SKColors.Red);

        var (code, output) = CliRunner.Run("classify", "--model", WriteModel(folder, ColourClassifier.Ending.Logits), image);

        Assert.Equal(0, code);
        Assert.Contains($"{image}: tabby (281)", output);
        Assert.Contains("tabby, tabby cat", output);
        Assert.Contains("tench, Tinca tinca", output);
    }

    [Fact]
    public void OutputDrawsTheFigureOfTheImagesInARow()
    {
        var folder = TestFiles.TempFolder();
        var images = new[] { WritePng(folder, "red.png", SKColors.Red), WritePng(folder, "blue.png", SKColors.Blue, 80, 20) };
        var grid = Path.Combine(folder, "figures", "grid.png");

        var (code, _) = CliRunner.Run(["classify", "--model", WriteModel(folder, ColourClassifier.Ending.Softmax), .. images, "-o", grid]);

        Assert.Equal(0, code);
        using var figure = SKBitmap.Decode(grid);
        // 16 + 2 × (224 + 16) wide, 16 + (2 × 20 + 4 + 224) + 16 high.
        Assert.Equal((496, 300), (figure.Width, figure.Height));
        int imageTop = 16 + 2 * 20 + 4;
        // The images are drawn as the model saw them: stretched to its 32 × 32 input, then to the 224 cell.
        Assert.Equal(SKColors.Red, figure.GetPixel(16 + 112, imageTop + 112));
        Assert.Equal(SKColors.Blue, figure.GetPixel(16 + 240 + 112, imageTop + 10));
    }

    [Fact]
    public void TheResNet18FeaturizerHasNoClassifierAndExitsWithCodeTwo()
    {
        var folder = TestFiles.TempFolder();
        var image = WritePng(folder, "red.png", SKColors.Red);

        var (code, output) = CliRunner.Run("classify", "--model", TestFiles.ResNet18, image);

        Assert.Equal(2, code);
        Assert.Contains("has no classifier", output);
        Assert.Contains("Pooling395_Output_0", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void AMissingImageExitsWithCodeTwoNamingIt()
    {
        var folder = TestFiles.TempFolder();
        var missing = Path.Combine(folder, "nope.png");

        var (code, output) = CliRunner.Run("classify", "--model", WriteModel(folder, ColourClassifier.Ending.Softmax), missing);

        Assert.Equal(2, code);
        Assert.Contains(missing, output);
    }

    [Theory]
    [InlineData("--top", "0", "--top")]
    [InlineData("--resize", "squash", "--resize")]
    [InlineData("-o", "grid.jpg", "PNG")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var folder = TestFiles.TempFolder();
        var (code, output) = CliRunner.Run("classify", "--model", WriteModel(folder, ColourClassifier.Ending.Softmax), WritePng(folder, "a.png", SKColors.Red), option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    private static string WriteModel(string folder, ColourClassifier.Ending ending)
    {
        var path = Path.Combine(folder, $"colour-{ending}.onnx");
        OnnxModelWriter.WriteFile(ColourClassifier.Build(ending), path);
        return path;
    }

    private static string WritePng(string folder, string name, SKColor colour, int width = 40, int height = 30)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
