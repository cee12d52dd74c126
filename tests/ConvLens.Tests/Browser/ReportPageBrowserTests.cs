using ConvLens.Imaging;
using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>The page builder's output as chromium renders it, linked and single-file.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportPageBrowserTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryImageLoadsAndEverySectionIsThere(bool singleFile)
    {
        var page = new ReportPage("Browser check");
        var random = new Random(11);
        var pixels = new byte[32 * 24 * 3];
        random.NextBytes(pixels);
        var image = ReportImage.From(new RgbImage(32, 24, pixels), "noise.png", "noise");
        page.Sections.Add(new ReportSection("images", "Images").Add(new FigureRow([new FigureTile(image, "noise", "32×24")], 96, pixelated: true)));
        var scores = Enumerable.Range(0, 40).Select(_ => random.NextDouble()).ToArray();
        page.Sections.Add(new ReportSection("plot", "Plot").Add(new SvgFigure(
            ScoreDistributionPlot.Render(scores, [new MarkedScore("#1", scores.Max())], "score"), "distribution")));
        var folder = TestFiles.TempFolder();
        var path = ReportPageWriter.Write(page, folder, singleFile);

        var report = await PageInspector.OpenAsync(chromium.Browser, new Uri(path).AbsoluteUri, ["images", "plot"], $"page-builder-{(singleFile ? "single" : "linked")}.png");
        PageInspector.AssertClean(report, minImages: 1);
    }
}
