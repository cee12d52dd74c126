using System.Runtime.InteropServices;
using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>
/// What a reader needs to reproduce a report: the exact command, the ConvLens version, the model and its
/// fingerprint, every random seed, the machine, and how long each stage took.
/// </summary>
public sealed record Reproducibility
{
    /// <summary>The command line that produces the same report.</summary>
    public required string Command { get; init; }

    /// <summary>The model as the user named it, and the file it resolved to.</summary>
    public required string Model { get; init; }

    /// <summary>The model's fingerprint (<see cref="Runtime.Network.Fingerprint"/>).</summary>
    public required string ModelFingerprint { get; init; }

    /// <summary>The preprocessing preset in the graph.</summary>
    public required string Preprocessing { get; init; }

    /// <summary>Every seed, by what it seeds.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Seeds { get; init; } = [];

    /// <summary>Wall-clock time of each stage, in order.</summary>
    public IReadOnlyList<StageTiming> Timings { get; init; } = [];

    /// <summary>When the report was made.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Engine threads the run used.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The ConvLens version (the library assembly's informational version).</summary>
    public static string ConvLensVersion
    {
        get
        {
            var assembly = typeof(Reproducibility).Assembly;
            var informational = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
            // The SDK appends "+<commit>" when it knows the commit: keep it, it pins the code exactly.
            return informational ?? assembly.GetName().Version?.ToString() ?? "unknown";
        }
    }

    /// <summary>The ONNX Runtime version the report ran on (the managed package's assembly version).</summary>
    public static string OnnxRuntimeVersion =>
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>Appends the reproducibility section's body.</summary>
    public void Render(StringBuilder html)
    {
        html.Append("<p>Run this command to make the same report (the seeds below are part of it):</p>\n")
            .Append("<pre class=\"command\"><code>").Append(HtmlText.Encode(Command)).Append("</code></pre>\n")
            .Append("<table class=\"facts\"><tbody>\n");
        Row(html, "ConvLens", ConvLensVersion);
        Row(html, "ONNX Runtime", OnnxRuntimeVersion);
        Row(html, "Model", Model);
        Row(html, "Model fingerprint", ModelFingerprint);
        Row(html, "Preprocessing", Preprocessing);
        Row(html, "Seeds", Seeds.Count == 0 ? "none (deterministic)" : string.Join(", ", Seeds.Select(s => $"{s.Key} = {s.Value}")));
        Row(html, "Machine", $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {Threads} engine thread{(Threads == 1 ? "" : "s")}");
        Row(html, "Created", Created.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        html.Append("</tbody></table>\n");
        if (Timings.Count == 0) return;
        var total = Timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
        html.Append("<table class=\"data timings\"><thead><tr><th>Stage</th><th class=\"num\">Wall time</th><th class=\"num\">Share</th></tr></thead><tbody>\n");
        foreach (var timing in Timings)
            html.Append("<tr><td>").Append(HtmlText.Encode(timing.Stage)).Append("</td><td class=\"num\">")
                .Append(HtmlText.Duration(timing.Duration)).Append("</td><td class=\"num\">")
                .Append(total > TimeSpan.Zero ? (100 * timing.Duration / total).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "")
                .Append("</td></tr>\n");
        html.Append("<tr class=\"total\"><td>Total</td><td class=\"num\">").Append(HtmlText.Duration(total)).Append("</td><td class=\"num\">100%</td></tr>\n")
            .Append("</tbody></table>\n");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(HtmlText.Encode(name)).Append("</th><td>").Append(HtmlText.Encode(value)).Append("</td></tr>\n");
}
