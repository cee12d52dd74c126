using ConvLens.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// The explorer's routes. Every failure is a JSON or text answer with a 4xx status and a message that says
/// what was wrong; nothing a request sends can make the server read outside the dataset folder or stop.
/// </summary>
internal static class ExplorerEndpoints
{
    public static void Map(WebApplication app, ExplorerLab lab)
    {
        app.MapGet("/", () => Html(ExplorerPages.Index(lab)));
        app.MapGet("/favicon.ico", () => Results.Bytes(FaviconImage.Bytes, "image/png"));
        app.MapGet("/layer", (string? name) => Guard(() => Html(ExplorerPages.Layer(lab, lab.ResolveLayer(Required(name, "name"))))));
        app.MapGet("/channel", (string? layer, int? channel) => Guard(() =>
        {
            var resolved = lab.ResolveLayer(Required(layer, "layer"));
            lab.Channel(resolved.DisplayName, channel ?? throw new ConvLensException("the query needs channel=N"));
            return Html(ExplorerPages.Channel(lab, resolved, channel.Value));
        }));
        app.MapGet("/upload", () => Html(ExplorerPages.Upload(lab)));

        app.MapGet("/api/atlas", (string? layer) => Guard(() =>
        {
            var atlas = lab.Atlas(Required(layer, "layer"));
            var done = atlas.Objectives.OrderBy(p => p.Key).Select(p => new { channel = p.Key, objective = p.Value }).ToList();
            return Results.Json(new { layer = atlas.Layer, channels = atlas.Channels, done, error = atlas.Error });
        }));
        app.MapGet("/img/atlas", (string? layer, int? channel) => Guard(() =>
        {
            var atlas = lab.Atlas(Required(layer, "layer"));
            return channel is int c && atlas.Tiles.TryGetValue(c, out var png) ? Results.Bytes(png, "image/png")
                : Error(404, $"channel {channel} of '{layer}' is not visualized yet");
        }));
        app.MapGet("/api/channel", (string? layer, int? channel) => Guard(() => ChannelStatus(lab.Channel(Required(layer, "layer"), channel ?? throw new ConvLensException("the query needs channel=N")))));
        app.MapGet("/img/channel", (string? layer, int? channel, string? name) => Guard(() =>
        {
            var job = lab.Channel(Required(layer, "layer"), channel ?? throw new ConvLensException("the query needs channel=N"));
            return job.Result.IsCompletedSuccessfully && job.Result.Result.Images.TryGetValue(Required(name, "name"), out var png)
                ? Results.Bytes(png, "image/png") : Error(404, $"no figure '{name}' for {job.Layer}:{job.Channel} (yet)");
        }));
        app.MapGet("/dataset/{**path}", (string? path) => DatasetImage(lab, path));
        app.MapGet("/api/dataset", (string? path) => DatasetImage(lab, path));
        // The explicit delegate type matters: a bare (HttpContext) => Task lambda binds as a RequestDelegate, whose IResult is never written.
        app.MapPost("/api/explain", (Func<HttpContext, Task<IResult>>)(http => Explain(http, lab)));
    }

    private static IResult ChannelStatus(ChannelJob job)
    {
        var (stage, fraction) = job.Progress.Read();
        if (job.Result.IsFaulted)
            return Results.Json(new { state = "failed", stage, fraction, error = job.Result.Exception!.GetBaseException().Message });
        if (!job.Result.IsCompletedSuccessfully) return Results.Json(new { state = "running", stage, fraction });
        var r = job.Result.Result;
        return Results.Json(new
        {
            state = "done",
            stage,
            fraction = 1.0,
            result = new
            {
                images = r.Images.Keys.Order(StringComparer.Ordinal).ToList(),
                topImages = r.TopImages.Select(t => new { rank = t.Rank, path = t.Path, score = t.Score, url = "/api/dataset?path=" + Uri.EscapeDataString(t.Path) }),
                curve = r.Curve,
                distribution = r.Distribution,
                captions = r.Captions,
                notes = r.Notes,
                seconds = r.Seconds,
            },
        });
    }

    private static IResult DatasetImage(ExplorerLab lab, string? path)
    {
        if (lab.Options.Dataset is null) return Error(404, "the explorer was started without --dataset");
        var (full, refusal) = DatasetFiles.Resolve(lab.Options.Dataset, path ?? "");
        if (refusal is not null) return Error(403, $"refused: {refusal}");
        return full is null ? Error(404, $"'{path}' is not in the dataset") : Results.File(full, DatasetFiles.ContentType(full));
    }

    private static async Task<IResult> Explain(HttpContext http, ExplorerLab lab)
    {
        long max = lab.Options.MaxUploadBytes;
        var request = http.Request;
        long drainLimit = Math.Max(4 * max, 32L * 1024 * 1024);
        if (request.ContentLength > max + FormOverhead)
        {
            // Answering before the body is read makes many clients report a reset instead of the answer, so a
            // body of plausible size is read and discarded first; only an absurd one is cut off at once.
            if (request.ContentLength <= drainLimit && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = drainLimit;
                await request.Body.CopyToAsync(Stream.Null);
            }
            return Error(413, $"the upload is {request.ContentLength} bytes; the limit is {max} bytes");
        }
        if (!request.HasFormContentType) return Error(400, "send the image as multipart/form-data in a field called 'image'");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max, ValueCountLimit = 16 });
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(413, $"the upload is larger than the limit of {max} bytes");
        }
        catch (InvalidDataException e)
        {
            return Error(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? 413 : 400, $"the upload could not be read: {e.Message}");
        }
        var file = form.Files["image"];
        if (file is null || file.Length == 0) return Error(400, "the form has no file in a field called 'image'");
        if (file.Length > max) return Error(413, $"the image is {file.Length} bytes; the limit is {max} bytes");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes);
        var name = Path.GetFileName(file.FileName ?? "upload");
        RgbImage image;
        try
        {
            image = ImageLoader.Decode(bytes, name, new ImageLoadOptions { MaxPixels = lab.Options.MaxUploadPixels });
        }
        catch (ConvLensException e)
        {
            return Error(415, e.Message);
        }
        string? layer = form.TryGetValue("layer", out var l) && !string.IsNullOrWhiteSpace(l) ? l.ToString() : null;
        int? channel = null;
        if (form.TryGetValue("channel", out var c) && !string.IsNullOrWhiteSpace(c))
        {
            if (!int.TryParse(c, out int parsed)) return Error(400, $"channel must be a whole number, not '{c}'");
            channel = parsed;
        }
        try
        {
            var result = await lab.ExplainAsync(image, name, layer, channel);
            return Results.Json(new
            {
                name = result.Name,
                width = result.Width,
                height = result.Height,
                predictions = result.Predictions?.Select(p => new { index = p.Index, name = p.Name, description = p.Description, probability = p.Probability }),
                layer = result.Layer,
                channel = result.Channel,
                activationMax = result.ActivationMax,
                activationMean = result.ActivationMean,
                activationOverlay = "data:image/png;base64," + Convert.ToBase64String(result.ActivationOverlay),
                target = result.Target,
                camLayer = result.CamLayer,
                camOverlay = "data:image/png;base64," + Convert.ToBase64String(result.CamOverlay),
                camCaption = result.CamCaption,
                activationCaption = result.ActivationCaption,
            });
        }
        catch (ConvLensException e)
        {
            return Error(400, e.Message);
        }
    }

    /// <summary>Room for the multipart boundaries and headers around an upload of the maximum size.</summary>
    public const long FormOverhead = 64 * 1024;

    private static IResult Guard(Func<IResult> handler)
    {
        try
        {
            return handler();
        }
        catch (ConvLensException e)
        {
            return Error(404, e.Message);
        }
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConvLensException($"the query needs {name}=…") : value;

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
