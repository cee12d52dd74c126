using Microsoft.Playwright;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>The explorer clicked through in chromium: a layer, its atlas, a channel, an upload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExplorerBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task ClickThroughALayerAndAChannelThenUploadAnImage()
    {
        await using var host = await ExplorerHost.StartAsync();
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        try
        {
            var errors = PageInspector.CollectErrors(page);
            await page.GotoAsync(host.Server.Address.ToString());
            PageInspector.AssertClean(await PageInspector.InspectAsync(page, ["layers", "upload-link"], "explorer-index.png", errors), minImages: 0);

            // A layer: its atlas fills in as batches finish.
            await page.ClickAsync("a:text-is('block3_conv1')");
            await page.WaitForURLAsync("**/layer?name=block3_conv1");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.atlas img').length > 0 && Array.from(document.querySelectorAll('.atlas img')).every(i => i.complete && i.naturalWidth > 0)",
                null, new() { Timeout = 120_000 });
            PageInspector.AssertClean(await PageInspector.InspectAsync(page, ["atlas"], "explorer-atlas.png", errors), minImages: 1);

            // A channel: computed on demand, with progress, then its figures.
            await page.ClickAsync("#cell-2");
            await page.WaitForURLAsync("**/channel?layer=block3_conv1&channel=2");
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('#visualization-content img'); return i && i.complete && i.naturalWidth > 0; }",
                null, new() { Timeout = 180_000 });
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#top-images-content img').length === 3", null, new() { Timeout = 30_000 });
            var channel = await PageInspector.InspectAsync(page, ["visualization", "top-images", "kernels", "circuit"], "explorer-channel.png", errors);
            PageInspector.AssertClean(channel, minImages: 6);
            Assert.Contains("computed in", await page.InnerTextAsync("#status"));

            // An upload: classified and explained.
            await page.ClickAsync("a:text('explain an image with this channel')");
            await page.SetInputFilesAsync("#image", Path.Combine(host.Dataset, "grating-05.png"));
            await page.ClickAsync("#submit");
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('#cam'); return i && i.complete && i.naturalWidth > 0; }", null, new() { Timeout = 60_000 });
            var upload = await PageInspector.InspectAsync(page, ["upload", "result"], "explorer-upload.png", errors);
            PageInspector.AssertClean(upload, minImages: 2);
            Assert.Contains("block3_conv1:2", await page.InnerTextAsync("#activation-label"));
            Assert.Equal(5, await page.Locator("#predictions tbody tr").CountAsync());
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
