using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ConvLens.Models;

/// <summary>
/// Installs weight files into the <see cref="ModelCache"/>: downloads them over HTTP(S) or copies a
/// local file, into <c>FILE.partial</c> next to the final name; resumes an interrupted download with an
/// HTTP Range request (within one call, and across calls: the partial file stays); verifies Keras's
/// published checksum; and only then renames the file into place, so the cache never holds a partial or
/// unverified file. Reports progress through <see cref="IProgress{T}"/>; it never writes to the console.
/// </summary>
public sealed class ModelFetcher
{
    private const int BufferSize = 1 << 20;

    private readonly HttpClient _http;

    /// <summary>Creates a fetcher that downloads with <paramref name="http"/>.</summary>
    public ModelFetcher(HttpClient http) => _http = http;

    /// <summary>Attempts per download; an attempt that received bytes and then broke is retried from where it stopped.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long a download may receive nothing before the attempt counts as broken.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause before resuming a broken attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An HTTP client suited to large downloads: a connect and header timeout, no overall timeout.</summary>
    public static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AutomaticDecompression = DecompressionMethods.None };
        // The header timeout only: with ResponseHeadersRead the body is read under StallTimeout instead.
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ConvLens", typeof(ModelFetcher).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }

    /// <summary>
    /// Puts a verified copy of <paramref name="weights"/> into <paramref name="cache"/>.
    /// </summary>
    /// <param name="weights">The file to install.</param>
    /// <param name="cache">The cache to install it in.</param>
    /// <param name="from">
    /// Null for the official address; else a mirror URL (http, https) or a local file (a path or a
    /// <c>file://</c> URI). The checksum is verified whatever the source.
    /// </param>
    /// <param name="progress">Receives the bytes written so far.</param>
    /// <param name="cancellation">Stops the transfer; the partial file stays for a later resume.</param>
    /// <exception cref="ConvLensException">
    /// The source is unreachable or missing, the server refuses, the transfer broke for good, or the
    /// checksum does not match (then nothing is left in the cache).
    /// </exception>
    public async Task<ModelFetchResult> FetchAsync(KnownWeights weights, ModelCache cache, string? from = null,
        IProgress<ModelFetchProgress>? progress = null, CancellationToken cancellation = default)
    {
        var finalPath = cache.PathOf(weights);
        var algorithm = ChecksumAlgorithm(weights.FileHash);
        if (File.Exists(finalPath))
        {
            await using var existing = File.OpenRead(finalPath);
            if (await HashAsync(existing, algorithm, cancellation) == weights.FileHash.ToLowerInvariant())
                return new ModelFetchResult(finalPath, existing.Length, finalPath, AlreadyCached: true, 0, $"{algorithm}:{weights.FileHash.ToLowerInvariant()}");
            // A cached file with the wrong checksum is damaged: replace it rather than trust it.
            existing.Close();
            File.Delete(finalPath);
        }

        System.IO.Directory.CreateDirectory(cache.Directory);
        var partialPath = finalPath + ".partial";
        string source;
        long resumedFrom = 0, length;
        var partial = OpenPartial(partialPath);
        try
        {
            if (LocalPath(from) is { } local)
            {
                source = local;
                await CopyLocalAsync(local, partial, progress, cancellation);
            }
            else
            {
                source = from ?? weights.Url;
                if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    throw new ConvLensException($"--from '{from}' is neither an existing file nor an http(s) URL");
                resumedFrom = await DownloadAsync(url, weights, partial, progress, cancellation);
            }
            partial.Position = 0;
            var actual = await HashAsync(partial, algorithm, cancellation);
            length = partial.Length;
            if (actual != weights.FileHash.ToLowerInvariant())
            {
                // A complete file with the wrong checksum is useless for resuming: delete it (below).
                partial.SetLength(0);
                throw new ConvLensException(
                    $"{source} is not the expected {weights.FileName}: its {algorithm.ToUpperInvariant()} is {actual} but Keras publishes {weights.FileHash.ToLowerInvariant()} " +
                    $"({length:N0} bytes received); nothing was installed");
            }
        }
        catch
        {
            // Keep a partial download for the next attempt to resume; an empty one is only clutter.
            bool empty = partial.Length == 0;
            await partial.DisposeAsync();
            if (empty) File.Delete(partialPath);
            throw;
        }
        await partial.DisposeAsync();
        File.Move(partialPath, finalPath, overwrite: true);
        return new ModelFetchResult(finalPath, length, source, AlreadyCached: false, resumedFrom, $"{algorithm}:{weights.FileHash.ToLowerInvariant()}");
    }

    /// <summary>
    /// The algorithm of a Keras <c>file_hash</c>, chosen by length as Keras does: 64 hex digits are
    /// SHA-256, 32 are MD5.
    /// </summary>
    public static string ChecksumAlgorithm(string fileHash) => fileHash.Length switch
    {
        64 => "sha256",
        32 => "md5",
        _ => throw new ArgumentException($"'{fileHash}' is neither an MD5 (32 hex digits) nor a SHA-256 (64) hash", nameof(fileHash)),
    };

    /// <summary>The lower-case hex digest of <paramref name="stream"/> from its current position.</summary>
    public static async Task<string> HashAsync(Stream stream, string algorithm, CancellationToken cancellation = default)
    {
        var digest = algorithm == "sha256"
            ? await SHA256.HashDataAsync(stream, cancellation)
            : await MD5.HashDataAsync(stream, cancellation);
        return Convert.ToHexStringLower(digest);
    }

    private async Task<long> DownloadAsync(Uri url, KnownWeights weights, FileStream file, IProgress<ModelFetchProgress>? progress, CancellationToken cancellation)
    {
        long resumedFrom = file.Length;
        bool restarted = false;
        for (int attempt = 1; ; attempt++)
        {
            long offset = file.Length;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
            {
                throw new ConvLensException(
                    $"cannot reach {url.Host} ({FirstLine(e.Message)}); download {url} elsewhere and run `{weights.FetchCommand} --from FILE`", e);
            }
            using (response)
            {
                long? total;
                switch (response.StatusCode)
                {
                    case HttpStatusCode.PartialContent:
                        var range = response.Content.Headers.ContentRange;
                        if (range?.From != offset)
                        {
                            // The server sent some other range: start over rather than splice mismatched bytes.
                            if (restarted) throw new ConvLensException($"{url} answered a Range request for bytes {offset}- with '{range}'; cannot resume");
                            file.SetLength(0);
                            restarted = true;
                            continue;
                        }
                        total = range.Length;
                        break;
                    case HttpStatusCode.OK:
                        // No Range support (or a fresh download): the body is the whole file.
                        file.SetLength(0);
                        offset = 0;
                        total = response.Content.Headers.ContentLength;
                        break;
                    case HttpStatusCode.RequestedRangeNotSatisfiable:
                        if (response.Content.Headers.ContentRange?.Length == offset) return resumedFrom;
                        if (restarted) throw new ConvLensException($"{url} refused to resume at byte {offset} (416) twice");
                        file.SetLength(0);
                        restarted = true;
                        continue;
                    case HttpStatusCode.NotFound:
                        throw new ConvLensException($"{url} answered 404 Not Found: there is no {weights.FileName} at that address");
                    default:
                        if (!response.IsSuccessStatusCode)
                            throw new ConvLensException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}; try again later or use `{weights.FetchCommand} --from URL|FILE`");
                        throw new ConvLensException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} instead of the file");
                }
                file.Position = offset;
                progress?.Report(new ModelFetchProgress(offset, total, resumedFrom));
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancellation);
                    await CopyAsync(body, file, total, resumedFrom, progress, cancellation);
                    if (total is null || file.Length == total) return resumedFrom;
                    throw new IOException($"the connection ended after {file.Length:N0} of {total:N0} bytes");
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !cancellation.IsCancellationRequested)
                {
                    await file.FlushAsync(CancellationToken.None);
                    bool progressed = file.Length > offset;
                    if (progressed && attempt < MaxAttempts)
                    {
                        await Task.Delay(RetryDelay, cancellation);
                        continue;
                    }
                    throw new ConvLensException(
                        $"the download of {url} broke after {file.Length:N0} of {(total is { } t ? t.ToString("N0") : "?")} bytes ({FirstLine(e.Message)}); " +
                        $"run `{weights.FetchCommand}` again to resume from there", e);
                }
            }
        }
    }

    private async Task CopyAsync(Stream body, FileStream file, long? total, long resumedFrom, IProgress<ModelFetchProgress>? progress, CancellationToken cancellation)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            int read;
            using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                stall.CancelAfter(StallTimeout);
                try { read = await body.ReadAsync(buffer, stall.Token); }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    throw new IOException($"no data for {StallTimeout.TotalSeconds:F0} s");
                }
            }
            if (read == 0) break;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
            progress?.Report(new ModelFetchProgress(file.Length, total, resumedFrom));
        }
        await file.FlushAsync(cancellation);
    }

    private static async Task CopyLocalAsync(string path, FileStream file, IProgress<ModelFetchProgress>? progress, CancellationToken cancellation)
    {
        file.SetLength(0);
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        long total = source.Length;
        var buffer = new byte[BufferSize];
        progress?.Report(new ModelFetchProgress(0, total, 0));
        int read;
        while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
            progress?.Report(new ModelFetchProgress(file.Length, total, 0));
        }
        await file.FlushAsync(cancellation);
    }

    /// <summary>The local file <paramref name="from"/> names (a path or a file:// URI), or null for a URL.</summary>
    private static string? LocalPath(string? from)
    {
        if (from is null) return null;
        if (File.Exists(from)) return Path.GetFullPath(from);
        if (Uri.TryCreate(from, UriKind.Absolute, out var uri) && uri.IsFile)
            return File.Exists(uri.LocalPath) ? uri.LocalPath : throw new ConvLensException($"--from '{from}': no such file");
        if (uri is null || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ConvLensException($"--from '{from}' is neither an existing file nor an http(s) URL");
        return null;
    }

    private static FileStream OpenPartial(string path)
    {
        try
        {
            // FileShare.None doubles as a lock: a second fetch of the same file fails here instead of interleaving writes.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
        }
        catch (IOException e)
        {
            throw new ConvLensException($"cannot open '{path}' ({e.Message}); is another `convlens fetch` of the same file running?", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
