using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;

namespace ConvLens.Tests.Zoo;

/// <summary>
/// Runs <c>tests/zoo/export_zoo.py</c> with Debian's python3-torch, once per architecture and exporter
/// version: the exports are cached under the temp folder by the script's hash, so a second test run
/// reuses them and a changed script exports afresh.
/// </summary>
internal static class ZooExports
{
    /// <summary>Debian's interpreter: python3-torch installs for it, not for other Pythons on PATH.</summary>
    private const string Python = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, Lazy<ZooManifest>> Exports = new(StringComparer.Ordinal);

    private static string Script => Path.Combine(AppContext.BaseDirectory, "zoo", "export_zoo.py");

    private static string Samples => Path.Combine(AppContext.BaseDirectory, "samples");

    private static string Cache { get; } = Path.Combine(Path.GetTempPath(), "convlens-zoo",
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Script)))[..12].ToLowerInvariant());

    /// <summary>The export of <paramref name="arch"/>, made now if not cached.</summary>
    public static ZooManifest Get(string arch) => Exports.GetOrAdd(arch, a => new Lazy<ZooManifest>(() => Export(a))).Value;

    private static ZooManifest Export(string arch)
    {
        var folder = Path.Combine(Cache, arch);
        if (File.Exists(Path.Combine(folder, "manifest.json"))) return ZooManifest.Read(folder);
        if (!File.Exists(Python))
            throw new InvalidOperationException($"the model-zoo tests need Debian's python3-torch and python3-torchvision ({Python} is missing): apt-get install python3-torch python3-torchvision");
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { Script, "--out", Cache, "--samples", Samples, "--models", arch },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"export_zoo.py {arch} failed ({process.ExitCode}): {stdout}\n{stderr.Result}");
        return ZooManifest.Read(folder);
    }
}
