namespace ConvLens.Reporting.Html;

/// <summary>
/// The distribution of a channel's score over a dataset as a histogram, with a rug of every image under
/// it, the median dashed, and each marked (top-k) image drawn as a highlighted line labelled with its rank:
/// one look shows how far the top images stand from the rest.
/// </summary>
public static class ScoreDistributionPlot
{
    private const double Left = 56, Right = 18, Top = 44, Bottom = 58, RugHeight = 10;

    /// <summary>The plot as an SVG element.</summary>
    /// <param name="scores">Every image's score.</param>
    /// <param name="marked">The images to mark (usually the top k), in rank order.</param>
    /// <param name="scoreName">What the score is, for the x axis (for instance "L2 norm of channel 12").</param>
    /// <param name="width">Width in user units.</param>
    /// <param name="height">Height in user units.</param>
    public static string Render(IReadOnlyList<double> scores, IReadOnlyList<MarkedScore> marked, string scoreName, double width = 760, double height = 280)
    {
        if (scores.Count == 0) throw new ArgumentException("a distribution needs at least one score", nameof(scores));
        var finite = scores.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) throw new ArgumentException("every score is NaN or infinite", nameof(scores));
        double plotBottom = height - Bottom;
        var x = LinearScale.Nice(finite.Min(), finite.Max(), Left, width - Right, 8);
        int bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(finite.Length)) * 2, 8, 40);
        double binWidth = (x.Max - x.Min) / bins;
        var counts = new int[bins];
        foreach (var s in finite) counts[Math.Clamp((int)((s - x.Min) / binWidth), 0, bins - 1)]++;
        var y = LinearScale.Nice(0, counts.Max(), plotBottom - RugHeight - 4, Top, 4);
        double median = Median(finite);

        var svg = new SvgBuilder(width, height, $"Distribution of {scoreName} over {finite.Length} images, top {marked.Count} marked");
        foreach (var tick in y.Ticks)
        {
            svg.Line(Left, y.Map(tick), width - Right, y.Map(tick), PlotColors.Grid);
            svg.Text(Left - 6, y.Map(tick) + 4, y.Format(tick), "end", 11, PlotColors.Muted);
        }
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] == 0) continue;
            double x0 = x.Map(x.Min + b * binWidth), x1 = x.Map(x.Min + (b + 1) * binWidth);
            svg.Rect(x0 + 0.5, y.Map(counts[b]), x1 - x0 - 1, y.Map(0) - y.Map(counts[b]), PlotColors.Bulk,
                $"{counts[b]} image{(counts[b] == 1 ? "" : "s")} with score {HtmlText.Number(x.Min + b * binWidth)}–{HtmlText.Number(x.Min + (b + 1) * binWidth)}");
        }
        // The rug: one tick per image, so small datasets show every member, not only bin counts.
        foreach (var s in finite)
            svg.Line(x.Map(s), plotBottom - RugHeight, x.Map(s), plotBottom, PlotColors.Muted, 0.8);
        svg.Line(Left, plotBottom, width - Right, plotBottom, PlotColors.Ink);
        foreach (var tick in x.Ticks)
        {
            svg.Line(x.Map(tick), plotBottom, x.Map(tick), plotBottom + 4, PlotColors.Ink);
            svg.Text(x.Map(tick), plotBottom + 17, x.Format(tick), "middle", 11, PlotColors.Muted);
        }
        svg.Text((Left + width - Right) / 2, height - 14, scoreName, "middle", 12.5, PlotColors.Ink);
        svg.Text(16, (Top + plotBottom) / 2, "images", "middle", 12.5, PlotColors.Ink, rotate: -90);

        svg.Line(x.Map(median), Top, x.Map(median), plotBottom, PlotColors.Ink, 1.2, "5 4");
        var medianLabel = $"median {HtmlText.Number(median)}";
        // A white box behind the label keeps it legible over a tall bar.
        svg.Rect(x.Map(median) + 2, Top + 1, medianLabel.Length * 6.4 + 4, 13, "rgba(255,255,255,0.85)");
        svg.Text(x.Map(median) + 4, Top + 11, medianLabel, "start", 11, PlotColors.Ink);
        DrawMarkers(svg, marked, x, plotBottom);
        return svg.ToString();
    }

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void DrawMarkers(SvgBuilder svg, IReadOnlyList<MarkedScore> marked, LinearScale x, double plotBottom)
    {
        // Labels of close scores would overlap: each goes one row lower than the label it would hit.
        var placed = new List<(double X, int Row)>();
        foreach (var mark in marked.Where(m => double.IsFinite(m.Score)).OrderByDescending(m => m.Score))
        {
            double px = x.Map(mark.Score);
            int row = 0;
            while (row < 2 && placed.Any(p => p.Row == row && Math.Abs(p.X - px) < 22)) row++;
            placed.Add((px, row));
            double labelY = Top - 6 - row * 12;
            svg.Line(px, labelY + 3, px, plotBottom, PlotColors.Highlight, 1.6);
            svg.Circle(px, plotBottom - RugHeight / 2, 3.2, PlotColors.Highlight, mark.Tooltip ?? $"{mark.Label}: {HtmlText.Number(mark.Score)}");
            svg.Text(px, labelY, mark.Label, "middle", 10.5, PlotColors.Highlight, bold: true);
        }
    }
}
