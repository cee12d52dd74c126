using System.Text.Json;

namespace ConvLens.Bench.Visualization;

/// <summary>
/// What <c>bench/torch_recipes.py</c> reported (times in wall-clock ms of one whole run): the recipes computing
/// only the objective's channels of the layer as ConvLens does, and the two recipes computing the whole layer.
/// </summary>
public sealed record RecipePeerResult(string Version, double ForwardMs, double NotebookMs, IReadOnlyList<double> NotebookCurve,
    double NotebookFirstStepDifference, double NotebookFinalDifference, double ModernMs, IReadOnlyList<double> ModernCurve,
    IReadOnlyDictionary<int, double> ChannelBatchMs, double PeakRssMiB, double NotebookWholeLayerMs, double ModernWholeLayerMs)
{
    /// <summary>Parses the script's JSON line.</summary>
    public static RecipePeerResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var notebook = root.GetProperty("notebook");
        var modern = root.GetProperty("modern");
        var batch = root.GetProperty("batch");
        static double[] Curve(JsonElement e) => e.GetProperty("curve").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return new RecipePeerResult($"PyTorch {root.GetProperty("torch_version").GetString()}", root.GetProperty("forward_ms").GetDouble(),
            notebook.GetProperty("ms").GetDouble(), Curve(notebook), notebook.GetProperty("first_step_difference").GetDouble(),
            notebook.GetProperty("final_difference_over_distance_moved").GetDouble(),
            modern.GetProperty("ms").GetDouble(), Curve(modern),
            batch.GetProperty("sizes").EnumerateArray().Zip(batch.GetProperty("ms").EnumerateArray()).ToDictionary(p => p.First.GetInt32(), p => p.Second.GetDouble()),
            root.GetProperty("peak_rss_mib").GetDouble(),
            root.GetProperty("notebook_whole_layer_ms").GetDouble(), root.GetProperty("modern_whole_layer_ms").GetDouble());
    }
}
