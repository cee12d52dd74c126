using Microsoft.Playwright;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>
/// Opens a page in chromium and checks it as a reader would see it: every image decoded (natural width
/// above 0), every expected section present, nothing on the console, a full-page screenshot saved.
/// </summary>
internal static class PageInspector
{
    /// <summary>Watches <paramref name="page"/> for console errors, page errors and failed requests from now on.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => { lock (errors) errors.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (errors) errors.Add($"request failed: {request.Url} {request.Failure}"); };
        return errors;
    }

    /// <summary>The checks on a page already open in <paramref name="page"/>.</summary>
    public static async Task<PageReport> InspectAsync(IPage page, IReadOnlyList<string> sectionIds, string screenshotName, List<string> errors)
    {
        // Lazy or slow images: wait until every image has finished (loaded or failed) before judging.
        await page.WaitForFunctionAsync("() => Array.from(document.images).every(i => i.complete)", null, new() { Timeout = 30_000 });
        var broken = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => (i.getAttribute('src') || '').slice(0, 80))");
        int images = await page.EvaluateAsync<int>("() => document.images.length");
        var missing = new List<string>();
        foreach (var id in sectionIds)
            if (await page.QuerySelectorAsync($"[id='{id}']") is null) missing.Add(id);
        var path = Path.Combine(ChromiumFixture.ScreenshotFolder, screenshotName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        lock (errors) return new PageReport(images, broken, missing, errors.ToArray(), path);
    }

    /// <summary>Opens <paramref name="url"/> in a new page, inspects it and closes it.</summary>
    public static async Task<PageReport> OpenAsync(IBrowser browser, string url, IReadOnlyList<string> sectionIds, string screenshotName)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        try
        {
            var errors = CollectErrors(page);
            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            if (response is not null && !response.Ok) lock (errors) errors.Add($"page answered {response.Status}");
            return await InspectAsync(page, sectionIds, screenshotName, errors);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Asserts a clean page: at least <paramref name="minImages"/> images, all loaded, all sections, no errors.</summary>
    public static void AssertClean(PageReport report, int minImages)
    {
        Assert.True(report.ImageCount >= minImages, $"{report.ImageCount} images on the page, expected at least {minImages}; screenshot {report.Screenshot}");
        Assert.True(report.BrokenImages.Count == 0, $"images not loaded: {string.Join(", ", report.BrokenImages)}; screenshot {report.Screenshot}");
        Assert.True(report.MissingSections.Count == 0, $"sections missing: {string.Join(", ", report.MissingSections)}");
        Assert.True(report.ConsoleErrors.Count == 0, $"console errors: {string.Join(" | ", report.ConsoleErrors)}");
        Assert.True(new FileInfo(report.Screenshot).Length > 0, "the screenshot is empty");
    }
}
