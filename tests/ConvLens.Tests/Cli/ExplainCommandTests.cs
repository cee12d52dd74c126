using System.Text.Json;
using ConvLens.Attribution;
using ConvLens.Graph;
using ConvLens.Imaging;
using ConvLens.Tests.Attribution;
using ConvLens.Tests.Models;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class ExplainCommandTests
{
    [Fact]
    public void GradCamWritesAnOverlayAtEachImagesOwnSizeAndTheRawMapAsJson()
    {
        var folder = TestFiles.TempFolder();
        var model = WriteQuadrantModel(folder);
        var images = new[] { WriteImage(folder, "wide.png", 50, 37, 1), WriteImage(folder, "tall.png", 20, 90, 2) };
        var output = Path.Combine(folder, "maps");

        var (code, text) = CliRunner.Run(["explain", "--model", model, "--class", "0", .. images, "-o", output, "--json"]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("gradcam", json.RootElement.GetProperty("method").GetString());
        var results = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(images, results.Select(r => r.GetProperty("file").GetString()));
        foreach (var (result, size) in results.Zip(new[] { (50, 37), (20, 90) }))
        {
            Assert.Equal("class 0", result.GetProperty("target").GetString());
            Assert.Equal("conv3", result.GetProperty("layer").GetString());
            var rows = result.GetProperty("map").EnumerateArray().ToArray();
            Assert.Equal(8, rows.Length);
            Assert.All(rows, row => Assert.Equal(12, row.GetArrayLength()));
            Assert.All(rows.SelectMany(r => r.EnumerateArray()), v => Assert.True(v.GetDouble() >= 0));
            var overlay = result.GetProperty("overlay").GetString()!;
            using var bitmap = SKBitmap.Decode(overlay);
            Assert.Equal(size, (bitmap.Width, bitmap.Height));
        }
        Assert.True(File.Exists(Path.Combine(output, "wide.gradcam.png")));
        Assert.True(File.Exists(Path.Combine(output, "tall.gradcam.png")));
    }

    public static TheoryData<string> Methods => new(AttributionMethods.Names);

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMethodWritesItsOverlay(string method)
    {
        var folder = TestFiles.TempFolder();
        var image = WriteImage(folder, "picture.png", 33, 21, 3);

        var (code, text) = CliRunner.Run("explain", "--model", WriteQuadrantModel(folder), "--method", method, "--class", "1", image,
            "-o", folder, "--samples", "2", "--steps", "4", "--batch-size", "3");

        Assert.Equal(0, code);
        var file = Path.Combine(folder, $"picture.{method}.png");
        Assert.Contains(file, text);
        using var bitmap = SKBitmap.Decode(file);
        Assert.Equal((33, 21), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void IntegratedGradientsReportsCompletenessAndTakesABaselineImage()
    {
        var folder = TestFiles.TempFolder();
        var image = WriteImage(folder, "picture.png", 24, 16, 4);
        var baseline = WriteImage(folder, "baseline.png", 24, 16, 5);

        var (code, text) = CliRunner.Run("explain", "--model", WriteQuadrantModel(folder), "--method", "ig", "--class", "0", image,
            "-o", folder, "--steps", "32", "--baseline", baseline, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        var result = json.RootElement.GetProperty("images")[0];
        var completeness = result.GetProperty("completeness");
        // The quadrant model is piecewise linear with few kinks: 32 midpoint steps close the gap to well under 5%.
        Assert.True(completeness.GetProperty("relativeError").GetDouble() < 0.05, completeness.ToString());
        Assert.Equal(16, result.GetProperty("height").GetInt32());
        Assert.Equal("percentile-99", result.GetProperty("normalization").GetString());
    }

    [Fact]
    public void WithoutATargetEachImagesTopClassIsExplained()
    {
        var folder = TestFiles.TempFolder();
        var model = Path.Combine(folder, "colour.onnx");
        OnnxModelWriter.WriteFile(ColourClassifier.Build(), model);
        using (var bitmap = new SKBitmap(40, 30))
        {
            bitmap.Erase(SKColors.Red);
            File.WriteAllBytes(Path.Combine(folder, "red.png"), bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
        }

        var (code, text) = CliRunner.Run("explain", "--model", model, "--method", "saliency", Path.Combine(folder, "red.png"), "-o", folder, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("class 281 (tabby)", json.RootElement.GetProperty("images")[0].GetProperty("target").GetString());
    }

    [Fact]
    public void TheResNet18ExplainsAChannelAndRefusesAClassClearly()
    {
        var folder = TestFiles.TempFolder();
        var image = WriteImage(folder, "picture.png", 64, 48, 6);

        var (code, text) = CliRunner.Run("explain", "--model", TestFiles.ResNet18, "--layer", "Pooling395_Output_0", "--channel", "7", image, "-o", folder);
        Assert.Equal(0, code);
        // The CAM layer, the last block's output ReLU393_Output_0, shown by its alias: this ResNet's 9th residual join.
        Assert.Contains("add9", text);
        using (var bitmap = SKBitmap.Decode(Path.Combine(folder, "picture.gradcam.png")))
            Assert.Equal((64, 48), (bitmap.Width, bitmap.Height));

        foreach (var target in new[] { new[] { "--class", "3" }, Array.Empty<string>() })
        {
            (code, text) = CliRunner.Run(["explain", "--model", TestFiles.ResNet18, .. target, image, "-o", folder]);
            Assert.Equal(2, code);
            Assert.Contains("has no classifier", text);
            Assert.Contains("--layer L --channel C", text);
            Assert.DoesNotContain("   at ", text);
        }
    }

    [Fact]
    public void AColorbarWidensTheOverlayButKeepsThePicture()
    {
        var folder = TestFiles.TempFolder();
        var image = WriteImage(folder, "picture.png", 120, 90, 7);

        var (code, _) = CliRunner.Run("explain", "--model", WriteQuadrantModel(folder), "--class", "0", image, "-o", folder, "--colorbar");

        Assert.Equal(0, code);
        using var plain = SKBitmap.Decode(Path.Combine(folder, "picture.gradcam.png"));
        Assert.Equal(90, plain.Height);
        Assert.True(plain.Width > 120 + ConvLens.Reporting.ActivationFigureColorbar.BarWidth, $"width {plain.Width}");
    }

    [Fact]
    public void ImagesWithTheSameNameGetNumberedOverlays()
    {
        var folder = TestFiles.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        var first = WriteImage(Path.Combine(folder, "a"), "same.png", 24, 16, 8);
        var second = WriteImage(Path.Combine(folder, "b"), "same.png", 24, 16, 9);

        var (code, _) = CliRunner.Run("explain", "--model", WriteQuadrantModel(folder), "--class", "0", first, second, "-o", folder);

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(folder, "same.gradcam.png")));
        Assert.True(File.Exists(Path.Combine(folder, "same-2.gradcam.png")));
    }

    [Theory]
    [InlineData("--method", "occlusion", "--method")]
    [InlineData("--layer", "features", "--channel")]
    [InlineData("--alpha", "2", "--alpha")]
    [InlineData("--colormap", "rainbow", "--colormap")]
    [InlineData("--batch-size", "0", "--batch-size")]
    [InlineData("--baseline", "nowhere.png", "--baseline")]
    [InlineData("--class", "5", "0..1")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var folder = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("explain", "--model", WriteQuadrantModel(folder), "--method", option == "--baseline" ? "ig" : "gradcam",
            WriteImage(folder, "a.png", 8, 8, 1), "-o", folder, option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, text);
    }

    [Fact]
    public void TwoTargetsOrACamLayerForAGradientMethodAreRefused()
    {
        var folder = TestFiles.TempFolder();
        var model = WriteQuadrantModel(folder);
        var image = WriteImage(folder, "a.png", 8, 8, 1);
        var (code, text) = CliRunner.Run("explain", "--model", model, "--class", "0", "--layer", "features", "--channel", "1", image);
        Assert.Equal(2, code);
        Assert.Contains("give one", text);
        (code, text) = CliRunner.Run("explain", "--model", model, "--method", "saliency", "--cam-layer", "features", "--class", "0", image);
        Assert.Equal(2, code);
        Assert.Contains("--cam-layer", text);
    }

    internal static string WriteQuadrantModel(string folder)
    {
        var path = Path.Combine(folder, "quadrants.onnx");
        OnnxModelWriter.WriteFile(QuadrantModel.Build(seed: 11), path);
        return path;
    }

    /// <summary>A random-pixel PNG (seeded) of the given size.</summary>
    internal static string WriteImage(string folder, string name, int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        var path = Path.Combine(folder, name);
        ImageWriter.SavePng(new RgbImage(width, height, pixels), path);
        return path;
    }
}
