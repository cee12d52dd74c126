namespace ConvLens.Reporting.Html;

/// <summary>A line plot of one or more curves over optimisation steps (objective curves), with a legend.</summary>
public static class CurvePlot
{
    private const double Left = 62, Right = 18, Top = 30, Bottom = 46;

    /// <summary>The plot as an SVG element.</summary>
    /// <param name="series">The curves (each drawn in the next colour of <see cref="PlotColors.Series"/>).</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="yLabel">Label of the y axis.</param>
    /// <param name="title">A title drawn above the plot, or null.</param>
    /// <param name="width">Width in user units.</param>
    /// <param name="height">Height in user units.</param>
    public static string Render(IReadOnlyList<CurveSeries> series, string xLabel, string yLabel, string? title = null, double width = 480, double height = 260)
    {
        var points = series.SelectMany(s => s.Values.Select((v, i) => (X: s.StepAt(i), Y: v))).Where(p => double.IsFinite(p.Y)).ToArray();
        if (points.Length == 0) throw new ArgumentException("a curve plot needs at least one finite value", nameof(series));
        double plotBottom = height - Bottom;
        var x = LinearScale.Nice(points.Min(p => p.X), points.Max(p => p.X), Left, width - Right, 6);
        var y = LinearScale.Nice(points.Min(p => p.Y), points.Max(p => p.Y), plotBottom, Top, 5);
        var svg = new SvgBuilder(width, height, title ?? $"{yLabel} against {xLabel}");
        if (title is not null) svg.Text(Left, 16, title, "start", 12.5, PlotColors.Ink, bold: true);
        foreach (var tick in y.Ticks)
        {
            svg.Line(Left, y.Map(tick), width - Right, y.Map(tick), PlotColors.Grid);
            svg.Text(Left - 6, y.Map(tick) + 4, y.Format(tick), "end", 11, PlotColors.Muted);
        }
        svg.Line(Left, plotBottom, width - Right, plotBottom, PlotColors.Ink);
        svg.Line(Left, Top, Left, plotBottom, PlotColors.Ink);
        foreach (var tick in x.Ticks)
        {
            svg.Line(x.Map(tick), plotBottom, x.Map(tick), plotBottom + 4, PlotColors.Ink);
            svg.Text(x.Map(tick), plotBottom + 17, x.Format(tick), "middle", 11, PlotColors.Muted);
        }
        svg.Text((Left + width - Right) / 2, height - 10, xLabel, "middle", 12.5, PlotColors.Ink);
        svg.Text(15, (Top + plotBottom) / 2, yLabel, "middle", 12.5, PlotColors.Ink, rotate: -90);
        for (int s = 0; s < series.Count; s++)
        {
            var colour = PlotColors.Series[s % PlotColors.Series.Count];
            var line = series[s].Values.Select((v, i) => (X: series[s].StepAt(i), Y: v)).Where(p => double.IsFinite(p.Y))
                .Select(p => (x.Map(p.X), y.Map(p.Y))).ToArray();
            if (line.Length == 1) svg.Circle(line[0].Item1, line[0].Item2, 2.5, colour);
            else svg.Polyline(line, colour, 1.8);
            if (series.Count > 1 || title is null)
            {
                // Legend in the top-left corner of the plot area, where rising curves leave room.
                double ly = Top + 12 + s * 16;
                svg.Line(Left + 10, ly - 4, Left + 28, ly - 4, colour, 2.2);
                svg.Text(Left + 33, ly, series[s].Name, "start", 11.5, PlotColors.Ink);
            }
        }
        return svg.ToString();
    }
}
