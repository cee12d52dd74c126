namespace ConvLens.Tests.Models;

/// <summary>A request <see cref="LocalHttpServer"/> received.</summary>
/// <param name="Method">GET, HEAD…</param>
/// <param name="Path">The request target, such as <c>/vgg19.h5</c>.</param>
/// <param name="Headers">Header values by lower-case name.</param>
internal sealed record LocalHttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The first byte of a <c>Range: bytes=N-</c> header, or null when there is none.</summary>
    public long? RangeStart =>
        Headers.TryGetValue("range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal)
            ? long.Parse(range["bytes=".Length..].Split('-')[0])
            : null;
}
