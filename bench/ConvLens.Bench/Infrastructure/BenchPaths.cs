namespace ConvLens.Bench.Infrastructure;

/// <summary>Finds the repository's <c>bench/</c> folder (RESULTS.md, the Python peers) and makes scratch folders.</summary>
public static class BenchPaths
{
    /// <summary>
    /// The <c>bench</c> folder: searched upwards from the working directory, then from the program's own
    /// folder (for runs from elsewhere).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Neither lies inside a ConvLens checkout.</exception>
    public static string BenchFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench");
                if (File.Exists(Path.Combine(candidate, "ConvLens.Bench", "ConvLens.Bench.csproj"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("cannot find the bench/ folder of the ConvLens checkout; run from inside the repository");
    }

    /// <summary>A new empty scratch folder under the system temp folder.</summary>
    public static string NewScratchFolder(string benchmark)
    {
        var path = Path.Combine(Path.GetTempPath(), $"convlens-bench-{benchmark}-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(path);
        return path;
    }
}
