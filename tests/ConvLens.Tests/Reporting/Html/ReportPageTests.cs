using System.Text.RegularExpressions;
using ConvLens.Imaging;
using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class ReportPageTests
{
    private static ReportPage SamplePage()
    {
        var pixels = new byte[8 * 6 * 3];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
        var image = ReportImage.From(new RgbImage(8, 6, pixels), "tile-1.png", "a test <image>");
        var page = new ReportPage("Report <title>", "subtitle & more");
        page.KeyFacts.Add(new("Layer", "conv3"));
        page.Sections.Add(new ReportSection("figures", "Figures") { Caption = "Measured: 3 & 4." }
            .Add(new FigureRow([new FigureTile(image, "first", "detail")])));
        page.Sections.Add(new ReportSection("classification", "Classification") { Note = "The model has no classifier." });
        page.Reproducibility = new Reproducibility
        {
            Command = "convlens report --layer 'a b'",
            Model = "m.onnx",
            ModelFingerprint = "abc123",
            Preprocessing = "none",
            Seeds = [new("visualization", 3)],
            Timings = [new StageTiming("one", TimeSpan.FromSeconds(1.5)), new StageTiming("two", TimeSpan.FromMilliseconds(500))],
        };
        return page;
    }

    [Fact]
    public void LinkedPageWritesEachImageBesideItAndReferencesItByName()
    {
        var folder = TestFiles.TempFolder();
        var path = ReportPageWriter.Write(SamplePage(), folder, singleFile: false);
        var html = File.ReadAllText(path);
        Assert.Contains("src=\"tile-1.png\"", html);
        Assert.True(File.Exists(Path.Combine(folder, "tile-1.png")));
        Assert.DoesNotContain("data:image/png", html);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void SingleFilePageEmbedsEveryImageAndWritesNoPng()
    {
        var folder = TestFiles.TempFolder();
        var path = ReportPageWriter.Write(SamplePage(), folder, singleFile: true);
        var html = File.ReadAllText(path);
        var sources = Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.StartsWith("data:image/png;base64,", s));
        var bytes = Convert.FromBase64String(sources[0]["data:image/png;base64,".Length..]);
        Assert.Equal(6, ImageLoader.Decode(bytes, "embedded").Height);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void TextIsEscapedSectionsNumberedAndReproducibilityComplete()
    {
        var html = SamplePage().Render(embedImages: false);
        Assert.Contains("Report &lt;title&gt;", html);
        Assert.DoesNotContain("<title>Report <title>", html);
        Assert.Contains("alt=\"a test &lt;image&gt;\"", html);
        Assert.Contains("<section id=\"figures\"", html);
        Assert.Contains("<section id=\"classification\"", html);
        Assert.Contains("The model has no classifier.", html);
        Assert.Contains("Figure 1.</span> Measured: 3 &amp; 4.", html);
        Assert.Contains("convlens report --layer &#39;a b&#39;", html);
        Assert.Contains("abc123", html);
        Assert.Contains("visualization = 3", html);
        Assert.Contains("75%", html); // 1.5 s of 2 s.
        Assert.Contains(Reproducibility.ConvLensVersion, html);
    }

    [Fact]
    public void TwoDifferentImagesWithOneNameAreRefused()
    {
        var page = new ReportPage("t");
        var a = new ReportImage("same.png", [1], 1, 1, "a");
        var b = new ReportImage("same.png", [2], 1, 1, "b");
        page.Sections.Add(new ReportSection("s", "S").Add(new FigureRow([new FigureTile(a, "a"), new FigureTile(b, "b")])));
        Assert.Throws<InvalidOperationException>(() => page.Render(false));
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("x.jpg")]
    [InlineData("a b.png")]
    public void ImageNamesCannotLeaveTheFolder(string name) =>
        Assert.Throws<ArgumentException>(() => new ReportImage(name, [1], 1, 1, "x"));
}
