using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>An inline SVG figure (a plot or a graph) drawn by ConvLens, so it stays sharp at any zoom.</summary>
public sealed class SvgFigure : ReportBlock
{
    /// <summary>Wraps <paramref name="svg"/>, markup that ConvLens generated (never user input).</summary>
    /// <param name="svg">A complete <c>&lt;svg&gt;</c> element.</param>
    /// <param name="title">What the figure shows, for screen readers and tests.</param>
    /// <param name="heading">A short heading above it, or null.</param>
    public SvgFigure(string svg, string title, string? heading = null)
    {
        if (!svg.TrimStart().StartsWith("<svg", StringComparison.Ordinal))
            throw new ArgumentException("an SvgFigure holds one <svg> element", nameof(svg));
        Svg = svg;
        Title = title;
        Heading = heading;
    }

    /// <summary>The SVG markup.</summary>
    public string Svg { get; }

    /// <summary>What the figure shows.</summary>
    public string Title { get; }

    /// <summary>The heading above it, or null.</summary>
    public string? Heading { get; }

    /// <inheritdoc />
    public override void Render(StringBuilder html, bool embedImages)
    {
        if (Heading is not null) html.Append("<h3>").Append(HtmlText.Encode(Heading)).Append("</h3>\n");
        html.Append("<div class=\"plot\" role=\"img\" aria-label=\"").Append(HtmlText.Encode(Title)).Append("\">")
            .Append(Svg).Append("</div>\n");
    }
}
