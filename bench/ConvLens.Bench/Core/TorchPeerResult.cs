using System.Text.Json;

namespace ConvLens.Bench.Core;

/// <summary>What <c>bench/torch_peer.py</c> reported: its versions, the equality check and median times.</summary>
public sealed record TorchPeerResult(string Version, bool CheckPassed, string CheckSummary, double PeakRssMiB,
    IReadOnlyDictionary<(int Threads, int Batch), (double ForwardMs, double GradientMs, int Runs)> Timings)
{
    /// <summary>Parses the script's JSON line.</summary>
    public static TorchPeerResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var check = root.GetProperty("check");
        string Number(string name) => check.TryGetProperty(name, out var v) ? v.GetDouble().ToString("0.0e+0") : "n/a";
        var summary = $"activation relative L2 error {Number("activation_relative_l2")} (tolerance {Number("activation_tolerance")}; max abs diff {Number("activation_max_abs_diff")} of max {Number("activation_max_abs")}), " +
            $"input gradient relative L2 error {Number("gradient_relative_l2")} (tolerance {Number("gradient_tolerance")}; max abs diff {Number("gradient_max_abs_diff")} of max {Number("gradient_max_abs")})";
        var timings = root.GetProperty("timings").EnumerateArray().ToDictionary(
            t => (t.GetProperty("threads").GetInt32(), t.GetProperty("batch").GetInt32()),
            t => (t.GetProperty("forward_median_ms").GetDouble(), t.GetProperty("gradient_median_ms").GetDouble(), t.GetProperty("forward_ms").GetArrayLength()));
        var version = $"PyTorch {root.GetProperty("torch_version").GetString()} (oneDNN {(root.GetProperty("mkldnn").GetBoolean() ? "on" : "off")}" +
            (root.TryGetProperty("cpu_capability", out var cap) && cap.GetString() is { Length: > 0 } c ? $", {c} kernels)" : ")");
        return new TorchPeerResult(version, root.GetProperty("check_passed").GetBoolean(), summary, root.GetProperty("peak_rss_mib").GetDouble(), timings);
    }
}
