using ConvLens.Reporting;
using ConvLens.Visualization;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>Lab reports on small models, checked in chromium as a reader sees them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LabReportBrowserTests(ChromiumFixture chromium)
{
    private static LabReportOptions Options(string dataset, string output, bool singleFile) => new()
    {
        Layer = "block3_conv2",
        Channel = 3,
        Dataset = dataset,
        OutputDirectory = output,
        SingleFile = singleFile,
        TopK = 3,
        ChosenImageCount = 2,
        Notebook = new NotebookRecipe { Steps = 4, Seed = 1 },
        Modern = new ModernRecipe { Steps = 4, Seed = 1, Threads = 2 },
        CircuitRecipe = new NotebookRecipe { Steps = 3, Seed = 1 },
        KernelTop = 4,
        CircuitDepth = 2,
        CircuitFanout = 2,
        ModelName = "tiny-vgg16",
        Command = "convlens report --model tiny-vgg16.onnx --layer block3_conv2 --channel 3 --dataset gratings/",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClassifierReportHasEverySectionAndPassesTheBrowserChecks(bool singleFile)
    {
        using var network = BrowserTestData.TinyVgg(classifier: true);
        var output = TestFiles.TempFolder();
        var progress = new List<LabReportProgress>();
        var result = LabReport.Run(network, Options(BrowserTestData.Gratings(10), output, singleFile), new CallbackProgress<LabReportProgress>(p => { lock (progress) progress.Add(p); }));

        Assert.True(result.HasClassifier);
        Assert.Equal(LabReport.SectionIds.Where(id => id != "choice"), result.SectionIds);
        // The progress bar only moves forwards and ends full.
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.True(pair.Second.Fraction >= pair.First.Fraction - 1e-12, $"progress went back from {pair.First} to {pair.Second}"));
        Assert.Equal(1.0, progress[^1].Fraction, 1e-9);
        var files = Directory.GetFiles(output).Select(f => Path.GetFileName(f)).ToArray();
        if (singleFile) Assert.Equal(["index.html"], files);
        else Assert.True(files.Contains("index.html") && files.Count(f => f.EndsWith(".png")) >= 10, string.Join(", ", files));

        var report = await PageInspector.OpenAsync(chromium.Browser, new Uri(result.PagePath).AbsoluteUri, result.SectionIds, $"report-classifier-{(singleFile ? "single" : "linked")}.png");
        PageInspector.AssertClean(report, minImages: 10);
        var html = await File.ReadAllTextAsync(result.PagePath);
        Assert.DoesNotContain("has no classifier", html);
        Assert.Contains("Top 5 classes", html);
    }

    [Fact]
    public async Task ReportWithoutClassifierLeavesClassificationOutWithANote()
    {
        using var network = BrowserTestData.TinyVgg(classifier: false);
        var result = LabReport.Run(network, Options(BrowserTestData.Gratings(8), TestFiles.TempFolder(), singleFile: false));

        Assert.False(result.HasClassifier);
        var browser = await chromium.Browser.NewPageAsync();
        try
        {
            var errors = PageInspector.CollectErrors(browser);
            await browser.GotoAsync(new Uri(result.PagePath).AbsoluteUri);
            var report = await PageInspector.InspectAsync(browser, result.SectionIds, "report-no-classifier.png", errors);
            PageInspector.AssertClean(report, minImages: 8);
            Assert.Contains("has no classifier", await browser.InnerTextAsync("#classification .note"));
            Assert.Equal(0, await browser.Locator("#classification img").CountAsync());
            Assert.Contains("Attribution of the channel", await browser.InnerTextAsync("#attribution h2"));
        }
        finally
        {
            await browser.CloseAsync();
        }
    }
}
