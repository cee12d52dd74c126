using System.Text.Json;
using ConvLens.Graph;
using ConvLens.Tests.Dataset;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class TopImagesCommandTests
{
    private static readonly string[] HorizontalFirst = ["q.png", "sub/c.png", "sub/deeper/x.png", "a.png", "m.png", "sub/v1.png", "v2.png"];

    [Fact]
    public void JsonListsEveryImageRankedAndASecondChannelComesFromTheIndex()
    {
        var (folder, model, db) = Setup();

        var (code, output) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--db", db, "--json");

        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            var root = json.RootElement;
            Assert.Equal(HorizontalFirst, root.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("file").GetString()));
            Assert.Equal(5, root.GetProperty("top").GetArrayLength());
            Assert.Equal((7, 7, 0), (root.GetProperty("files").GetInt32(), root.GetProperty("computed").GetInt32(), root.GetProperty("cached").GetInt32()));
            var first = root.GetProperty("images")[0];
            Assert.Equal(1, first.GetProperty("rank").GetInt32());
            Assert.Equal(first.GetProperty("l2").GetDouble(), first.GetProperty("score").GetDouble());
            Assert.Equal("tabby", first.GetProperty("predicted").GetProperty("name").GetString());
            Assert.Equal(0, root.GetProperty("badFiles").GetArrayLength());
        }

        var (code2, output2) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "1", "--score", "mean", "--dataset", folder.Root, "--db", db, "--json");

        Assert.Equal(0, code2);
        using var second = JsonDocument.Parse(output2);
        Assert.Equal((0, 7), (second.RootElement.GetProperty("computed").GetInt32(), second.RootElement.GetProperty("cached").GetInt32()));
        // Vertical stripes excite the vertical-edge channel most; the two identical ones tie and keep path order.
        Assert.Equal(["sub/v1.png", "v2.png"], second.RootElement.GetProperty("images").EnumerateArray().Take(2).Select(i => i.GetProperty("file").GetString()));
    }

    [Fact]
    public void TheFigureHasOneCellPerImageAndTheTableNamesTheBadFiles()
    {
        var (folder, model, db) = Setup();
        folder.WriteBytes("broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]);
        folder.WriteBytes("empty.png", []);
        var figure = Path.Combine(folder.Root + "-out", "top.png");

        var (code, output) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--db", db, "-k", "3", "-o", figure);

        Assert.Equal(0, code);
        using var png = SKBitmap.Decode(figure);
        // 16 + 3 × (224 + 16) wide; 16 + 20 + 16 + (2 × 20 + 4 + 224) + 16 high.
        Assert.Equal((736, 336), (png.Width, png.Height));
        Assert.Contains("Ranked 7 images", output);
        Assert.Contains("tabby", output);
        Assert.Contains("Skipped 2 unreadable files", output);
        Assert.Contains("broken.jpg", output);
        Assert.Contains("empty.png", output);
        Assert.Contains($"Wrote {figure}", output);
    }

    [Fact]
    public void NoCacheComputesEverythingAndWritesNoIndex()
    {
        var (folder, model, db) = Setup();

        var (code, output) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--no-cache", "--json", "--bottom");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(7, json.RootElement.GetProperty("computed").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("index", out _));
        Assert.Equal("v2.png", json.RootElement.GetProperty("images")[1].GetProperty("file").GetString());
        Assert.False(File.Exists(db));
    }

    [Theory]
    [InlineData("--score", "median", "--score")]
    [InlineData("--top", "0", "--top")]
    [InlineData("-o", "top.jpg", "PNG")]
    [InlineData("--channel", "9", "channels 0..3")]
    [InlineData("--layer", "nope", "nope")]
    [InlineData("--dataset", "/no/such/folder", "does not exist")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var (folder, model, db) = Setup();
        var args = new Dictionary<string, string> { ["--layer"] = "edges", ["--channel"] = "0", ["--dataset"] = folder.Root, [option] = value };

        var (code, output) = CliRunner.Run(["top-images", "--model", model, "--db", db, .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void MissingChannelAndNoCacheWithDbExitWithCodeTwo()
    {
        var (folder, model, db) = Setup();
        Assert.Equal(2, CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--dataset", folder.Root).ExitCode);
        var (code, output) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--db", db, "--no-cache");
        Assert.Equal(2, code);
        Assert.Contains("--no-cache", output);
    }

    internal static (GratingFolder Folder, string Model, string Db) Setup()
    {
        var folder = new GratingFolder();
        var scratch = folder.Root + "-files";
        Directory.CreateDirectory(scratch);
        var model = Path.Combine(scratch, "edges.onnx");
        OnnxModelWriter.WriteFile(EdgeModel.Build(), model);
        return (folder, model, Path.Combine(scratch, "index.db"));
    }
}
