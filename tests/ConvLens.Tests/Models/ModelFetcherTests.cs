using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ConvLens.Models;
using Xunit;

namespace ConvLens.Tests.Models;

/// <summary>
/// Downloads against <see cref="LocalHttpServer"/> on 127.0.0.1 only: clean, cut and resumed, stalled,
/// served without Range support, wrong checksum, 404 and unreachable; local copies with --from.
/// </summary>
public sealed class ModelFetcherTests
{
    private const int Seed = 20261125;

    /// <summary>A 300 kB file: several 64 kB socket writes, small enough to keep the tests fast.</summary>
    private static byte[] TestFile(int seed = Seed)
    {
        var bytes = new byte[300_000];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static KnownWeights WeightsFor(byte[] file, string url, bool sha256 = false) =>
        new("vgg19", "vgg19", true, "vgg19_weights_tf_dim_ordering_tf_kernels.h5", url,
            Convert.ToHexStringLower(sha256 ? SHA256.HashData(file) : MD5.HashData(file)), file.Length);

    private static ModelFetcher Fetcher(int attempts = 5) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(20) }) { MaxAttempts = attempts, RetryDelay = TimeSpan.Zero, StallTimeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CleanDownloadIsVerifiedAndMovedIntoTheCache(bool sha256)
    {
        var file = TestFile();
        using var server = new LocalHttpServer((request, _) => LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url(), sha256);
        var reports = new List<ModelFetchProgress>();

        var result = await Fetcher().FetchAsync(weights, cache, progress: new ListProgress(reports));

        Assert.False(result.AlreadyCached);
        Assert.Equal(cache.PathOf(weights), result.Path);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
        Assert.StartsWith(sha256 ? "sha256:" : "md5:", result.Checksum);
        Assert.Equal([weights.FileName], Directory.GetFiles(cache.Directory).Select(Path.GetFileName));
        Assert.Null(Assert.Single(server.Requests).RangeStart);
        Assert.Equal(file.Length, reports[^1].Bytes);
        Assert.Equal(file.Length, reports[^1].TotalBytes);
    }

    [Fact]
    public async Task ASecondFetchFindsTheVerifiedFileWithoutARequest()
    {
        var file = TestFile();
        using var server = new LocalHttpServer((request, _) => LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());
        await Fetcher().FetchAsync(weights, cache);

        var again = await Fetcher().FetchAsync(weights, cache);

        Assert.True(again.AlreadyCached);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ADamagedCachedFileIsDownloadedAgain()
    {
        var file = TestFile();
        using var server = new LocalHttpServer((request, _) => LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());
        Directory.CreateDirectory(cache.Directory);
        await File.WriteAllBytesAsync(cache.PathOf(weights), file[..1000]);

        var result = await Fetcher().FetchAsync(weights, cache);

        Assert.False(result.AlreadyCached);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task ADownloadCutHalfwayResumesWithARangeRequestInTheSameCall()
    {
        var file = TestFile();
        int half = file.Length / 2;
        using var server = new LocalHttpServer((request, number) =>
            number == 0 ? LocalHttpResponse.Ok(file) with { CutAfter = half } : LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());

        var result = await Fetcher().FetchAsync(weights, cache);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].RangeStart);
        Assert.Equal(half, requests[1].RangeStart);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
        Assert.False(File.Exists(result.Path + ".partial"));
    }

    [Fact]
    public async Task ADownloadCutForGoodKeepsThePartialFileAndTheNextFetchResumesIt()
    {
        var file = TestFile();
        int half = file.Length / 2;
        using var server = new LocalHttpServer((request, number) =>
            number == 0 ? LocalHttpResponse.Ok(file) with { CutAfter = half } : LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher(attempts: 1).FetchAsync(weights, cache));
        Assert.Contains("broke after 150,000 of 300,000 bytes", error.Message);
        Assert.Contains("convlens fetch vgg19", error.Message);
        var partial = cache.PathOf(weights) + ".partial";
        Assert.Equal(file[..half], await File.ReadAllBytesAsync(partial));
        Assert.False(File.Exists(cache.PathOf(weights)));

        var result = await Fetcher(attempts: 1).FetchAsync(weights, cache);

        Assert.Equal(half, server.Requests[1].RangeStart);
        Assert.Equal(half, result.ResumedFrom);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task AStalledDownloadIsAbandonedAndResumed()
    {
        var file = TestFile();
        int part = file.Length / 3;
        using var server = new LocalHttpServer((request, number) =>
            number == 0 ? LocalHttpResponse.Ok(file) with { StallAfter = part } : LocalHttpResponse.Serve(request, file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());
        var fetcher = new ModelFetcher(new HttpClient()) { RetryDelay = TimeSpan.Zero, StallTimeout = TimeSpan.FromSeconds(1) };

        var result = await fetcher.FetchAsync(weights, cache);

        Assert.Equal(part, server.Requests[1].RangeStart);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task AServerWithoutRangeSupportSendsEverythingAgainAndTheFileIsStillExact()
    {
        var file = TestFile();
        int half = file.Length / 2;
        using var server = new LocalHttpServer((_, number) =>
            number == 0 ? LocalHttpResponse.Ok(file) with { CutAfter = half } : LocalHttpResponse.Ok(file));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());

        var result = await Fetcher().FetchAsync(weights, cache);

        Assert.Equal(half, server.Requests[1].RangeStart);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task AChecksumMismatchLeavesNothingInTheCache()
    {
        var file = TestFile();
        var other = TestFile(Seed + 1);
        using var server = new LocalHttpServer((request, _) => LocalHttpResponse.Serve(request, other));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, server.Url());

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher().FetchAsync(weights, cache));

        Assert.Contains($"its MD5 is {Convert.ToHexStringLower(MD5.HashData(other))}", error.Message);
        Assert.Contains($"Keras publishes {weights.FileHash}", error.Message);
        Assert.Contains("nothing was installed", error.Message);
        Assert.Empty(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public async Task NotFoundIsAClearErrorAndLeavesNothing()
    {
        using var server = new LocalHttpServer((_, _) => LocalHttpResponse.NotFound());
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(TestFile(), server.Url("/missing.h5"));

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher().FetchAsync(weights, cache));

        Assert.Contains("404 Not Found", error.Message);
        Assert.Contains(server.Url("/missing.h5"), error.Message);
        Assert.Empty(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public async Task AnUnreachableServerSaysHowToInstallACopyFromElsewhere()
    {
        // A port that was free a moment ago: nothing listens there, so the connection is refused.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(TestFile(), $"http://127.0.0.1:{port}/vgg19.h5");

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher().FetchAsync(weights, cache));

        Assert.Contains("cannot reach 127.0.0.1", error.Message);
        Assert.Contains("`convlens fetch vgg19 --from FILE`", error.Message);
    }

    [Fact]
    public async Task ALocalCopyIsVerifiedAndInstalled()
    {
        var file = TestFile();
        var source = Path.Combine(TestFiles.TempFolder(), "copy.h5");
        await File.WriteAllBytesAsync(source, file);
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(file, "http://127.0.0.1:9/never-used");

        var result = await Fetcher().FetchAsync(weights, cache, from: source);

        Assert.Equal(source, result.Source);
        Assert.Equal(file, await File.ReadAllBytesAsync(result.Path));
        Assert.True(File.Exists(source), "the source file must stay where it was");
    }

    [Fact]
    public async Task AWrongLocalCopyIsRefusedAndLeavesNothing()
    {
        var source = Path.Combine(TestFiles.TempFolder(), "wrong.h5");
        await File.WriteAllBytesAsync(source, TestFile(Seed + 2));
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(TestFile(), "http://127.0.0.1:9/never-used");

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher().FetchAsync(weights, cache, from: source));

        Assert.Contains(source, error.Message);
        Assert.Empty(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public async Task FromNeitherFileNorUrlIsAClearError()
    {
        var cache = new ModelCache(TestFiles.TempFolder());
        var weights = WeightsFor(TestFile(), "http://127.0.0.1:9/never-used");

        var error = await Assert.ThrowsAsync<ConvLensException>(() => Fetcher().FetchAsync(weights, cache, from: "no-such-file.h5"));

        Assert.Contains("'no-such-file.h5' is neither an existing file nor an http(s) URL", error.Message);
    }

    [Theory]
    [InlineData("cbe5617147190e668d6c5d5026f83318", "md5")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "sha256")]
    public void TheChecksumAlgorithmFollowsTheHashLengthAsInKeras(string hash, string algorithm) =>
        Assert.Equal(algorithm, ModelFetcher.ChecksumAlgorithm(hash));

    /// <summary>Collects reports synchronously, in order.</summary>
    private sealed class ListProgress(List<ModelFetchProgress> reports) : IProgress<ModelFetchProgress>
    {
        public void Report(ModelFetchProgress value) => reports.Add(value);
    }
}
