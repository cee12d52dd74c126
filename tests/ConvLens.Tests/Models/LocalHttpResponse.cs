namespace ConvLens.Tests.Models;

/// <summary>What <see cref="LocalHttpServer"/> answers to one request.</summary>
/// <param name="Status">Status code.</param>
/// <param name="Reason">Reason phrase.</param>
/// <param name="Body">The body; Content-Length announces all of it.</param>
internal sealed record LocalHttpResponse(int Status, string Reason, byte[] Body)
{
    /// <summary>Extra headers (Content-Range…).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Send only this many body bytes, then close the connection: a download cut mid-body.</summary>
    public int? CutAfter { get; init; }

    /// <summary>Send only this many body bytes, then go silent (connection open) until the client gives up.</summary>
    public int? StallAfter { get; init; }

    /// <summary>200 with the whole file.</summary>
    public static LocalHttpResponse Ok(byte[] body) => new(200, "OK", body);

    /// <summary>404 with a short text body.</summary>
    public static LocalHttpResponse NotFound() => new(404, "Not Found", "not found"u8.ToArray());

    /// <summary>
    /// The answer of a server that honours Range: 206 with the bytes from the request's start (or 200
    /// with everything when the request has no Range).
    /// </summary>
    public static LocalHttpResponse Serve(LocalHttpRequest request, byte[] file)
    {
        if (request.RangeStart is not { } start) return Ok(file);
        if (start >= file.Length)
            return new LocalHttpResponse(416, "Range Not Satisfiable", []) { Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{file.Length}" } };
        return new LocalHttpResponse(206, "Partial Content", file[(int)start..])
        {
            Headers = new Dictionary<string, string> { ["Content-Range"] = $"bytes {start}-{file.Length - 1}/{file.Length}" },
        };
    }
}
