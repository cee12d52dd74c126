using System.Text.RegularExpressions;
using Xunit;

namespace ConvLens.Tests.Build;

/// <summary>
/// Checks Directory.Build.targets on this test project's dependency manifest, which gets the same filter as the
/// tool's (the manifest is written afresh by every build; an output folder may keep files of older builds).
/// </summary>
public sealed partial class NativeRuntimesTests
{
    private static readonly string[] Supported =
        ["linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx", "osx-x64", "osx-arm64", "win-x64", "win-arm64"];

    [Fact]
    public void NativesAreForSupportedPlatformsOnlyAndCarryNoNativeSymbols()
    {
        var manifest = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ConvLens.Tests.deps.json"));
        var assets = RuntimeAsset().Matches(manifest).Select(m => (Platform: m.Groups[1].Value, File: m.Groups[2].Value)).ToArray();
        Assert.Contains(assets, a => a.Platform == "linux-x64" && a.File.Contains("onnxruntime"));
        Assert.All(assets, a => Assert.Contains(a.Platform, Supported));
        Assert.DoesNotContain(assets, a => a.File.EndsWith(".pdb", StringComparison.Ordinal) || a.File.EndsWith(".lib", StringComparison.Ordinal));
    }

    [GeneratedRegex("\"runtimes/([^/\"]+)/native/([^\"]+)\"")]
    private static partial Regex RuntimeAsset();
}
