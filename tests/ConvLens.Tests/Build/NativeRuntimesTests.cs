using Xunit;

namespace ConvLens.Tests.Build;

/// <summary>Checks Directory.Build.targets on this test project's own output, which gets the same filter as the tool's.</summary>
public sealed class NativeRuntimesTests
{
    private static readonly string[] Supported =
        ["linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx", "osx-x64", "osx-arm64", "win-x64", "win-arm64"];

    [Fact]
    public void OutputCarriesNativesForSupportedPlatformsOnlyAndNoNativeSymbols()
    {
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        Assert.True(Directory.Exists(runtimes), $"no runtimes folder in {AppContext.BaseDirectory}");
        var platforms = Directory.GetDirectories(runtimes).Select(Path.GetFileName).ToArray();
        Assert.Contains("linux-x64", platforms);
        Assert.All(platforms, p => Assert.Contains(p, Supported));
        Assert.Empty(Directory.GetFiles(runtimes, "*.pdb", SearchOption.AllDirectories));
    }
}
