using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ConvLens.Tests.Cli;

/// <summary>
/// The command line of <c>convlens fetch</c>. The real files cannot be served here (their checksums are
/// Keras's), so success paths are tested on <see cref="ConvLens.Models.ModelFetcher"/>; these tests cover
/// what the user sees when something is wrong. No test reaches beyond 127.0.0.1.
/// </summary>
public sealed class FetchCommandTests
{
    [Fact]
    public void AFileThatIsNotTheKerasFileIsRefusedAndNothingIsInstalled()
    {
        var folder = TestFiles.TempFolder();
        var cache = Path.Combine(folder, "cache");
        var copy = Path.Combine(folder, "vgg19.h5");
        File.WriteAllBytes(copy, new byte[4096]);

        var (code, output) = CliRunner.Run("fetch", "vgg19", "--from", copy, "--cache-dir", cache);

        Assert.Equal(2, code);
        Assert.Contains("is not the expected vgg19_weights_tf_dim_ordering_tf_kernels.h5", output);
        Assert.Contains("cbe5617147190e668d6c5d5026f83318", output);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public void NotopPicksTheFileWithoutTheTop()
    {
        var folder = TestFiles.TempFolder();
        var copy = Path.Combine(folder, "notop.h5");
        File.WriteAllBytes(copy, new byte[16]);

        var (code, output) = CliRunner.Run("fetch", "vgg16", "--notop", "--from", copy, "--cache-dir", Path.Combine(folder, "cache"), "--json");

        Assert.Equal(2, code);
        Assert.Contains("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", output);
        Assert.Contains("6d6bbae143d832006294945121d1f1fc", output);
    }

    [Fact]
    public void AnUnreachableMirrorSaysHowToInstallALocalCopy()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var (code, output) = CliRunner.Run("fetch", "vgg19", "--from", $"http://127.0.0.1:{port}/vgg19.h5", "--cache-dir", TestFiles.TempFolder());

        Assert.Equal(2, code);
        Assert.Contains("cannot reach 127.0.0.1", output);
        Assert.Contains("`convlens fetch vgg19 --from FILE`", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void AnUnknownModelListsTheKnownOnes()
    {
        var (code, output) = CliRunner.Run("fetch", "alexnet", "--cache-dir", TestFiles.TempFolder());

        Assert.Equal(2, code);
        Assert.Contains("'alexnet' is not a model ConvLens can fetch", output);
        Assert.Contains("vgg19, vgg16", output);
    }
}
