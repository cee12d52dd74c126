using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>
/// <c>convlens demo</c> run from the built output as a user runs it (a separate process, the packaged
/// ResNet18, the bundled photographs), and its report checked in chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task QuickDemoFromTheBuiltOutputWritesAReportThatPassesTheBrowserChecks()
    {
        var (json, output) = RunDemo("--quick");
        await CheckReport(json, output, "demo-quick.png");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task FullDemoFromTheBuiltOutputWritesAReportThatPassesTheBrowserChecks()
    {
        var (json, output) = RunDemo();
        await CheckReport(json, output, "demo-full.png");
    }

    private async Task CheckReport(JsonElement json, string output, string screenshot)
    {
        var page = json.GetProperty("page").GetString()!;
        Assert.StartsWith(output, page);
        var sections = json.GetProperty("sections").EnumerateArray().Select(s => s.GetString()!).ToArray();
        // The demo chooses its channel, so the page says how; the packaged ResNet18 has no classifier.
        Assert.Contains("choice", sections);
        Assert.False(json.GetProperty("classifier").GetBoolean());
        Assert.Equal("conv14", json.GetProperty("layer").GetString());
        var report = await PageInspector.OpenAsync(chromium.Browser, new Uri(page).AbsoluteUri, sections, screenshot);
        PageInspector.AssertClean(report, minImages: 8);
        Assert.Contains("has no classifier", await File.ReadAllTextAsync(page));
    }

    /// <summary>Runs the built <c>ConvLens.Cli.dll</c> (copied beside the tests) with <c>dotnet</c>, as after a clean clone.</summary>
    private static (JsonElement Json, string Output) RunDemo(params string[] extra)
    {
        var output = TestFiles.TempFolder();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = output,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ConvLens.Cli.dll"), "demo", "-o", output, "--samples", BrowserTestData.Samples(), "--json", "--threads", "2" }.Concat(extra))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"demo exited with {process.ExitCode}: {stderr.Result}\n{stdout}");
        return (JsonDocument.Parse(stdout).RootElement.Clone(), output);
    }
}
