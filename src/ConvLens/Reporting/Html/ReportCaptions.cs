namespace ConvLens.Reporting.Html;

/// <summary>
/// Captions written from measured numbers, so that every figure of a report says what it shows in the
/// units it measured. Each method takes plain numbers (not the analysis objects), so a caption can be
/// checked against hand-made values.
/// </summary>
public static class ReportCaptions
{
    /// <summary>
    /// The top-k caption: how strongly the top images respond relative to the dataset median, and how
    /// far the best one stands above the next.
    /// </summary>
    /// <param name="scores">Every image's score.</param>
    /// <param name="top">The top images, best first: a name and a score each.</param>
    /// <param name="channel">The channel, as the page names it (<c>conv12:37</c>).</param>
    /// <param name="scoreName">What the score is ("the L2 norm of its activation").</param>
    public static string TopImages(IReadOnlyList<double> scores, IReadOnlyList<(string Name, double Score)> top, string channel, string scoreName)
    {
        if (top.Count == 0) return $"No image of the dataset could be scored for {channel}.";
        double median = ScoreDistributionPlot.Median(scores.ToArray());
        var text = $"The {Count(top.Count, "image")} of the dataset ({scores.Count} images) that excite {channel} most, ranked by {scoreName}, " +
                   $"with the channel's activation overlaid. ";
        if (median > 0 && double.IsFinite(median))
        {
            double best = top[0].Score / median, last = top[^1].Score / median;
            text += top.Count == 1
                ? $"It responds {Ratio(best)} as strongly as the dataset median ({HtmlText.Number(median)}). "
                : $"They respond {Ratio(last)} to {Ratio(best)} as strongly as the dataset median ({HtmlText.Number(median)}). ";
        }
        else
        {
            text += $"The dataset median is {HtmlText.Number(median)}: the channel is silent on at least half of the images, so it is selective. ";
        }
        var rest = scores.Order().ToList();
        rest.Remove(top[0].Score);
        if (rest.Count > 0 && rest[^1] > 0)
            text += $"The best image, {top[0].Name}, scores {HtmlText.Number(top[0].Score)}, {Percent(top[0].Score / rest[^1] - 1)} above the next. ";
        text += "In the histogram, red lines mark the top images and the dashed line the median.";
        return text;
    }

    /// <summary>
    /// The kernel caption: which of the top input-channel slices are excitatory and which inhibitory, and
    /// what share of the kernel's squared weight they hold.
    /// </summary>
    /// <param name="slices">The shown slices, strongest first: input channel, L2 norm and mean of each.</param>
    /// <param name="inputChannels">How many input channels the kernel reads.</param>
    /// <param name="kernelL2">L2 norm of the whole kernel (every input channel), or null when unknown.</param>
    /// <param name="channel">The channel whose kernel this is.</param>
    public static string Kernels(IReadOnlyList<(int InputChannel, double L2, double Mean)> slices, int inputChannels, double? kernelL2, string channel)
    {
        if (slices.Count == 0) return $"{channel} has no kernel slices to show.";
        var excitatory = slices.Where(s => s.Mean > 0).Select(s => s.InputChannel).ToArray();
        var inhibitory = slices.Where(s => s.Mean <= 0).Select(s => s.InputChannel).ToArray();
        var text = $"The {Count(slices.Count, "input channel")} of {inputChannels} with the largest kernel-slice L2 norm for {channel} " +
                   $"(norms {HtmlText.Number(slices[0].L2)} down to {HtmlText.Number(slices[^1].L2)}). ";
        text += (excitatory.Length, inhibitory.Length) switch
        {
            (_, 0) => $"All are mostly excitatory (positive slice mean): channels {List(excitatory)}. ",
            (0, _) => $"All are mostly inhibitory (negative slice mean): channels {List(inhibitory)}. ",
            _ => $"{Count(excitatory.Length, "slice")} {(excitatory.Length == 1 ? "is" : "are")} mostly excitatory (channel{Plural(excitatory.Length)} {List(excitatory)}) " +
                 $"and {inhibitory.Length} mostly inhibitory (channel{Plural(inhibitory.Length)} {List(inhibitory)}). ",
        };
        if (kernelL2 is > 0)
        {
            double share = slices.Sum(s => s.L2 * s.L2) / (kernelL2.Value * kernelL2.Value);
            double uniform = (double)slices.Count / inputChannels;
            text += $"Together they hold {Percent(share)} of the kernel's squared weight, against {Percent(uniform)} if weight were spread evenly.";
        }
        return text.TrimEnd();
    }

    /// <summary>The objective-curve caption: how far each recipe raised the objective.</summary>
    public static string ObjectiveCurves(IReadOnlyList<CurveSeries> curves, string channel)
    {
        var parts = curves.Where(c => c.Values.Count > 0).Select(c =>
        {
            double first = c.Values[0], last = c.Values[^1];
            // A start near zero makes the ratio meaningless (thousands of times nothing): it is left out then.
            var change = first > 0 && last > 0 && first >= 0.05 * last ? $" ({Ratio(last / first)})" : "";
            return $"the {c.Name} from {HtmlText.Number(first)} to {HtmlText.Number(last)} in {c.Values.Count - 1} steps{change}";
        }).ToArray();
        if (parts.Length == 0) return $"No optimisation ran for {channel}.";
        return $"The mean activation of {channel} during optimisation: {string.Join("; ", parts)}. " +
               "The recipes measure in their own input spaces, so their curves are compared by shape, not height.";
    }

    /// <summary>
    /// Where a cell of an <paramref name="height"/> × <paramref name="width"/> grid lies in the picture, in
    /// words ("top left", "centre"): thirds of each side.
    /// </summary>
    public static string Region(int row, int column, int height, int width)
    {
        string vertical = Third(row, height, "top", "middle", "bottom"), horizontal = Third(column, width, "left", "centre", "right");
        return (vertical, horizontal) switch
        {
            ("middle", "centre") => "centre",
            ("middle", _) => horizontal,
            (_, "centre") => vertical,
            _ => $"{vertical} {horizontal}",
        };
    }

    /// <summary>
    /// The share of a non-negative map's total held by its largest tenth of cells: 10% for a flat map, near
    /// 100% for a map that points at one spot.
    /// </summary>
    public static double TopDecileShare(IReadOnlyList<float> values)
    {
        var sorted = values.Select(v => Math.Max(0.0, v)).OrderDescending().ToArray();
        double total = sorted.Sum();
        if (total <= 0) return double.NaN;
        int count = Math.Max(1, (int)Math.Ceiling(sorted.Length / 10.0));
        return sorted.Take(count).Sum() / total;
    }

    /// <summary>The activation-map caption for one image: where the channel peaks and how sharply.</summary>
    /// <param name="file">The image's file name.</param>
    /// <param name="values">The map (row-major).</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="datasetRank">The image's rank in the dataset by the report's score, or null when it is not in the dataset.</param>
    /// <param name="datasetSize">Images in the dataset.</param>
    public static string ActivationMap(string file, IReadOnlyList<float> values, int height, int width, int? datasetRank, int datasetSize)
    {
        int argmax = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[argmax]) argmax = i;
        double mean = values.Average(v => (double)v), max = values[argmax];
        var text = $"On {file} the channel peaks at row {argmax / width}, column {argmax % width} of its {height}×{width} grid ({Region(argmax / width, argmax % width, height, width)}) with {HtmlText.Number(max)}";
        text += mean > 0 ? $", {Ratio(max / mean)} its mean over the map ({HtmlText.Number(mean)})" : $" (mean over the map {HtmlText.Number(mean)})";
        if (datasetRank is int rank) text += $"; it ranks #{rank} of {datasetSize} in the dataset";
        return text + ".";
    }

    /// <summary>The attribution caption for one image: how concentrated the map is and where it points.</summary>
    public static string Attribution(string file, string method, string target, string? layer, IReadOnlyList<float> values, int height, int width)
    {
        var on = layer is null ? "" : $" on {layer}";
        return $"{method} for {target}{on}, on {AttributionSpread(file, values, height, width)} (10% for a flat map).";
    }

    /// <summary>
    /// One image's part of an attribution caption: "cat.png: the brightest tenth of the 14×14 map holds 45% of
    /// its mass, peaking in the top left".
    /// </summary>
    public static string AttributionSpread(string file, IReadOnlyList<float> values, int height, int width)
    {
        double share = TopDecileShare(values);
        if (double.IsNaN(share)) return $"{file}: zero everywhere (no region raises the target through this layer)";
        int argmax = 0;
        for (int i = 1; i < values.Count; i++) if (values[i] > values[argmax]) argmax = i;
        return $"{file}: the brightest tenth of the {height}×{width} map holds {Percent(share)} of its mass, peaking in the {Region(argmax / width, argmax % width, height, width)}";
    }

    private static string Third(int index, int count, string first, string second, string third)
    {
        double position = (index + 0.5) / Math.Max(1, count);
        return position < 1 / 3.0 ? first : position < 2 / 3.0 ? second : third;
    }

    /// <summary>"3.4×", with two significant digits below 10.</summary>
    public static string Ratio(double ratio) => HtmlText.Number(ratio, ratio < 10 ? 2 : 3) + "×";

    /// <summary>"12%", with one decimal below 10%.</summary>
    public static string Percent(double fraction) =>
        HtmlText.Number(100 * fraction, Math.Abs(fraction) < 0.1 ? 2 : fraction < 1 ? 2 : 3) + "%";

    /// <summary>"1 image", "5 images".</summary>
    public static string Count(int n, string noun) => $"{n} {noun}{Plural(n)}";

    private static string Plural(int n) => n == 1 ? "" : "s";

    private static string List(IEnumerable<int> values) => string.Join(", ", values);
}
