namespace ConvLens.Bench.Infrastructure;

/// <summary>Appends dated sections to <c>bench/RESULTS.md</c>; earlier sections are never rewritten.</summary>
public static class ResultsFile
{
    private const string Header = "# ConvLens benchmark results\n\nEach section is one run, appended by the bench program. " +
        "Compare only ratios measured in the same section: CPUs differ between machines.\n";

    /// <summary>Appends <paramref name="section"/>, creating the file with its header when missing.</summary>
    public static void Append(string path, string section)
    {
        if (!File.Exists(path)) File.WriteAllText(path, Header);
        var existing = File.ReadAllText(path);
        var separator = existing.EndsWith("\n\n") ? "" : existing.EndsWith('\n') ? "\n" : "\n\n";
        File.AppendAllText(path, separator + section.TrimEnd() + "\n");
    }
}
