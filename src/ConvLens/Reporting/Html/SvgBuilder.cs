using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>
/// Writes one SVG element by element: coordinates in invariant culture, every text escaped. The plots of
/// a report use it so that they stay vector graphics (sharp at any zoom, selectable text).
/// </summary>
public sealed class SvgBuilder
{
    private readonly StringBuilder _svg = new();
    private readonly double _width;
    private readonly double _height;

    /// <summary>An SVG of <paramref name="width"/> × <paramref name="height"/> user units, titled <paramref name="title"/>.</summary>
    public SvgBuilder(double width, double height, string title)
    {
        _width = width;
        _height = height;
        _svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(C(width)).Append(' ').Append(C(height))
            .Append("\" width=\"").Append(C(width)).Append("\" height=\"").Append(C(height))
            .Append("\" font-size=\"12\" role=\"img\"><title>").Append(HtmlText.Encode(title)).Append("</title>");
    }

    /// <summary>A straight line.</summary>
    public SvgBuilder Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _svg.Append("<line x1=\"").Append(C(x1)).Append("\" y1=\"").Append(C(y1)).Append("\" x2=\"").Append(C(x2))
            .Append("\" y2=\"").Append(C(y2)).Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(width)).Append('"');
        if (dash is not null) _svg.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _svg.Append("/>");
        return this;
    }

    /// <summary>A rectangle, with a hover tooltip when <paramref name="tooltip"/> is given.</summary>
    public SvgBuilder Rect(double x, double y, double width, double height, string fill, string? tooltip = null, string? stroke = null)
    {
        _svg.Append("<rect x=\"").Append(C(x)).Append("\" y=\"").Append(C(y)).Append("\" width=\"").Append(C(Math.Max(0, width)))
            .Append("\" height=\"").Append(C(Math.Max(0, height))).Append("\" fill=\"").Append(fill).Append('"');
        if (stroke is not null) _svg.Append(" stroke=\"").Append(stroke).Append('"');
        Close(tooltip, "rect");
        return this;
    }

    /// <summary>A circle, with a hover tooltip when <paramref name="tooltip"/> is given.</summary>
    public SvgBuilder Circle(double cx, double cy, double r, string fill, string? tooltip = null, string? stroke = null)
    {
        _svg.Append("<circle cx=\"").Append(C(cx)).Append("\" cy=\"").Append(C(cy)).Append("\" r=\"").Append(C(r))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (stroke is not null) _svg.Append(" stroke=\"").Append(stroke).Append('"');
        Close(tooltip, "circle");
        return this;
    }

    /// <summary>A polyline through <paramref name="points"/>.</summary>
    public SvgBuilder Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 1.5, string? dash = null)
    {
        _svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(width))
            .Append("\" stroke-linejoin=\"round\"");
        if (dash is not null) _svg.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _svg.Append(" points=\"").AppendJoin(' ', points.Select(p => C(p.X) + "," + C(p.Y))).Append("\"/>");
        return this;
    }

    /// <summary>Text anchored at (<paramref name="x"/>, <paramref name="y"/>) on its baseline.</summary>
    /// <param name="x">Anchor x.</param>
    /// <param name="y">Baseline y.</param>
    /// <param name="text">The text (escaped here).</param>
    /// <param name="anchor"><c>start</c>, <c>middle</c> or <c>end</c>.</param>
    /// <param name="size">Font size in user units.</param>
    /// <param name="fill">Colour.</param>
    /// <param name="bold">Bold weight.</param>
    /// <param name="rotate">Degrees to rotate about the anchor (−90 for a vertical axis label).</param>
    public SvgBuilder Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = "#1d1d1f", bool bold = false, double rotate = 0)
    {
        _svg.Append("<text x=\"").Append(C(x)).Append("\" y=\"").Append(C(y)).Append("\" text-anchor=\"").Append(anchor)
            .Append("\" font-size=\"").Append(C(size)).Append("\" fill=\"").Append(fill).Append('"');
        if (bold) _svg.Append(" font-weight=\"600\"");
        if (rotate != 0) _svg.Append(" transform=\"rotate(").Append(C(rotate)).Append(' ').Append(C(x)).Append(' ').Append(C(y)).Append(")\"");
        _svg.Append('>').Append(HtmlText.Encode(text)).Append("</text>");
        return this;
    }

    /// <summary>The finished SVG element.</summary>
    public override string ToString() => _svg + "</svg>";

    /// <summary>Width in user units.</summary>
    public double Width => _width;

    /// <summary>Height in user units.</summary>
    public double Height => _height;

    private void Close(string? tooltip, string element)
    {
        if (tooltip is null) _svg.Append("/>");
        else _svg.Append("><title>").Append(HtmlText.Encode(tooltip)).Append("</title></").Append(element).Append('>');
    }

    private static string C(double value) => HtmlText.Coordinate(value);
}
