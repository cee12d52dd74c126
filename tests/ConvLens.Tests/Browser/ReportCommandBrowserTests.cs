using System.Text.Json;
using System.Text.RegularExpressions;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Tests.Cli;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary><c>convlens report</c> from the command line: one self-contained page that chromium shows whole.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportCommandBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task SingleFileReportEmbedsEveryImageAndRecordsTheCommand()
    {
        var model = Path.Combine(TestFiles.TempFolder(), "tiny-vgg16.onnx");
        OnnxModelWriter.WriteFile(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(7), includeTop: true, widthDivisor: 16, imageSize: 64), model);
        var dataset = BrowserTestData.Gratings(6);
        var output = TestFiles.TempFolder();
        var (code, text) = CliRunner.Run("report", "--model", model, "--layer", "block4_conv1", "--channel", "5", "--dataset", dataset,
            "--images", Path.Combine(dataset, "grating-01.png") + "," + Path.Combine(dataset, "grating-04.png"), "--top", "3",
            "--notebook-steps", "3", "--modern-steps", "3", "--circuit-steps", "2", "--depth", "1", "--kernel-top", "3", "--no-cache",
            "--single-file", "-o", output, "--json", "--threads", "2");
        Assert.True(code == 0, text);
        using var json = JsonDocument.Parse(text);
        var page = json.RootElement.GetProperty("page").GetString()!;
        Assert.Equal(["index.html"], Directory.GetFiles(output).Select(f => Path.GetFileName(f)));

        var html = await File.ReadAllTextAsync(page);
        Assert.All(Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value), src => Assert.StartsWith("data:image/png;base64,", src));
        // The page records the command with every option, so the same report can be made again.
        Assert.Contains("--channel 5", html);
        Assert.Contains("--notebook-steps 3", html);
        Assert.Contains("--single-file", html);
        Assert.Contains("grating-04.png", html);

        var sections = json.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetString()!).ToArray();
        var report = await PageInspector.OpenAsync(chromium.Browser, new Uri(page).AbsoluteUri, sections, "report-command-single-file.png");
        PageInspector.AssertClean(report, minImages: 8);
    }

    [Theory]
    [InlineData("--channel", "999", "channels 0..")]
    [InlineData("--layer", "block9_conv9", "block9_conv9")]
    [InlineData("--dataset", "/nonexistent/folder", "/nonexistent/folder")]
    public void BadInputExitsWithCodeTwoNamingIt(string option, string value, string expected)
    {
        var model = Path.Combine(TestFiles.TempFolder(), "tiny.onnx");
        OnnxModelWriter.WriteFile(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(7), includeTop: false, widthDivisor: 16, imageSize: 32), model);
        var args = new Dictionary<string, string> { ["--layer"] = "block3_conv1", ["--channel"] = "1", ["--dataset"] = BrowserTestData.Gratings(2) };
        args[option] = value;
        var (code, text) = CliRunner.Run(["report", "--model", model, .. args.SelectMany(a => new[] { a.Key, a.Value }), "-o", TestFiles.TempFolder(), "--no-cache"]);
        Assert.Equal(2, code);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("   at ", text);
    }
}
