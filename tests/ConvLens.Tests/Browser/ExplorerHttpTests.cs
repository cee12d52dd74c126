using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>The explorer's guards: what it refuses, with which status, and that it keeps serving after.</summary>
public sealed class ExplorerHttpTests
{
    [Theory]
    [InlineData("/api/dataset?path=../../../../etc/passwd")]
    [InlineData("/api/dataset?path=%2Fetc%2Fpasswd")]
    [InlineData("/api/dataset?path=sub%2F..%2F..%2Fsecret.png")]
    [InlineData("/dataset/..%2F..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/dataset/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    public async Task PathTraversalIsRefusedAndTheServerKeepsServing(string url)
    {
        await using var host = await ExplorerHost.StartAsync();
        // A file beside the dataset that a traversal would reach.
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(host.Dataset)!, "secret.png"), "not for the browser");
        var response = await host.Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url} answered {(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("not for the browser", body);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ParentStepsAndLinksOutOfTheDatasetAreForbiddenWithAReason()
    {
        await using var host = await ExplorerHost.StartAsync();
        var outside = Path.Combine(TestFiles.TempFolder(), "outside.png");
        File.WriteAllBytes(outside, ImageWriter.EncodePng(new RgbImage(2, 2, new byte[12])));
        File.CreateSymbolicLink(Path.Combine(host.Dataset, "link.png"), outside);

        var traversal = await host.Client.GetAsync("/api/dataset?path=" + Uri.EscapeDataString("../" + Path.GetFileName(Path.GetDirectoryName(outside)) + "/outside.png"));
        Assert.Equal(HttpStatusCode.Forbidden, traversal.StatusCode);
        Assert.Contains("leaves the dataset folder", await traversal.Content.ReadAsStringAsync());
        var link = await host.Client.GetAsync("/api/dataset?path=link.png");
        Assert.Equal(HttpStatusCode.Forbidden, link.StatusCode);
        Assert.Contains("links out of the dataset folder", await link.Content.ReadAsStringAsync());
        // A dataset image itself is served.
        var inside = await host.Client.GetAsync("/api/dataset?path=grating-00.png");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal("image/png", inside.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task OversizedUploadIsRefusedWith413AndTheServerKeepsServing()
    {
        await using var host = await ExplorerHost.StartAsync(maxUploadBytes: 32 * 1024);
        var noise = new byte[400 * 400 * 3];
        new Random(5).NextBytes(noise);
        var png = ImageWriter.EncodePng(new RgbImage(400, 400, noise));
        Assert.True(png.Length > 32 * 1024 + 64 * 1024, $"the test image must exceed the limit and the form allowance: {png.Length} bytes");
        var response = await host.Client.PostAsync("/api/explain", Form(png, "big.png", "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync());

        // Just over the limit but inside the form allowance: refused by the form reader, not by the header check.
        var medium = ImageWriter.EncodePng(new RgbImage(120, 120, noise[..(120 * 120 * 3)]));
        Assert.InRange(medium.Length, 32 * 1024 + 1, 32 * 1024 + 60 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Client.PostAsync("/api/explain", Form(medium, "medium.png", "image/png"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("fake.png", "image/png")]
    public async Task NonImageUploadIsRefusedWith415NamingTheFile(string name, string type)
    {
        await using var host = await ExplorerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/explain", Form("this is plain text, not a picture"u8.ToArray(), name, type));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(name, json.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/favicon.ico")).StatusCode);
    }

    [Fact]
    public async Task AnUploadedImageIsClassifiedAndExplained()
    {
        await using var host = await ExplorerHost.StartAsync();
        var png = await File.ReadAllBytesAsync(Path.Combine(host.Dataset, "grating-03.png"));
        var response = await host.Client.PostAsync("/api/explain", Form(png, "grating.png", "image/png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, json.RootElement.GetProperty("predictions").GetArrayLength());
        Assert.StartsWith("data:image/png;base64,", json.RootElement.GetProperty("camOverlay").GetString());
        Assert.StartsWith("class ", json.RootElement.GetProperty("target").GetString());
    }

    [Fact]
    public async Task TwentyConcurrentRequestsForOneChannelComputeItOnce()
    {
        await using var host = await ExplorerHost.StartAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Client.GetAsync("/api/channel?layer=block3_conv1&channel=2")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, host.Server.Lab.ChannelComputations);

        // Polling until it is done, and asking again after, still computes nothing new.
        for (int i = 0; i < 600; i++)
        {
            using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/channel?layer=block3_conv1&channel=2"));
            var state = json.RootElement.GetProperty("state").GetString();
            Assert.NotEqual("failed", state);
            if (state == "done") break;
            await Task.Delay(100);
        }
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Client.GetAsync("/img/channel?layer=block3_conv1&channel=2&name=visualization")));
        Assert.Equal(1, host.Server.Lab.ChannelComputations);
    }

    [Fact]
    public async Task UnknownLayersAndChannelsAreClear404s()
    {
        await using var host = await ExplorerHost.StartAsync();
        var layer = await host.Client.GetAsync("/api/channel?layer=block9_conv9&channel=0");
        Assert.Equal(HttpStatusCode.NotFound, layer.StatusCode);
        Assert.Contains("block9_conv9", await layer.Content.ReadAsStringAsync());
        var channel = await host.Client.GetAsync("/api/channel?layer=block3_conv1&channel=9999");
        Assert.Equal(HttpStatusCode.NotFound, channel.StatusCode);
        Assert.Contains("out of range", await channel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListensOnLoopbackAndRefusesForeignHostNames()
    {
        await using var host = await ExplorerHost.StartAsync();
        Assert.Equal("127.0.0.1", host.Server.Address.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await host.Client.SendAsync(request)).StatusCode);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, "image", name } };
    }
}
