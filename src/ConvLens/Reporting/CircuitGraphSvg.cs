using System.Globalization;
using System.Security;
using System.Text;
using ConvLens.Circuits;
using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>
/// Draws a <see cref="CircuitGraph"/> as a standalone SVG: one row per depth with the target on top,
/// each node its feature visualization (embedded as a base64 PNG) and its layer and channel, each edge
/// a curve from input to output coloured by sign (red excitatory, blue inhibitory) and as wide as its
/// strength relative to the strongest input of the same node. Hovering an edge or node shows its numbers.
/// </summary>
public static class CircuitGraphSvg
{
    /// <summary>Stroke colour of excitatory edges.</summary>
    public const string ExcitatoryColor = "#c0392b";

    /// <summary>Stroke colour of inhibitory edges.</summary>
    public const string InhibitoryColor = "#2e6fba";

    /// <summary>Narrowest and widest edge, in pixels.</summary>
    public const double MinStroke = 0.75, MaxStroke = 6;

    private const string FontFamily = "DejaVu Sans, Verdana, sans-serif";

    /// <summary>The SVG document.</summary>
    public static string Write(CircuitGraph circuit, string title)
    {
        var layout = CircuitGraphLayout.Compute(circuit);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{layout.Width}\" height=\"{layout.Height}\" viewBox=\"0 0 {layout.Width} {layout.Height}\" font-family=\"{FontFamily}\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Header(svg, circuit, title, layout.Width);
        svg.Append("<g fill=\"none\" stroke-linecap=\"round\">\n");
        foreach (var edge in circuit.Edges) Edge(svg, circuit, layout, edge, StrongestInto(circuit, edge.To));
        svg.Append("</g>\n");
        foreach (var node in circuit.Nodes) Node(svg, circuit, layout, node);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The stroke width of an edge of <paramref name="strength"/> into a node whose strongest input is <paramref name="strongest"/>.</summary>
    public static double StrokeWidth(double strength, double strongest) =>
        strongest > 0 ? MinStroke + (MaxStroke - MinStroke) * Math.Clamp(strength / strongest, 0, 1) : MinStroke;

    /// <summary>The stroke colour of a sign.</summary>
    public static string ColorOf(KernelSign sign) => sign switch
    {
        KernelSign.Excitatory => ExcitatoryColor,
        KernelSign.Inhibitory => InhibitoryColor,
        _ => "#888888",
    };

    /// <summary>Escapes text for XML content and attributes.</summary>
    internal static string Escape(string text) => SecurityElement.Escape(text);

    private static double StrongestInto(CircuitGraph circuit, int node) =>
        circuit.Edges.Where(e => e.To == node).Select(e => e.Strength).DefaultIfEmpty(0).Max();

    private static void Header(StringBuilder svg, CircuitGraph circuit, string title, int width)
    {
        int y = CircuitGraphLayout.Margin;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{CircuitGraphLayout.Margin}\" y=\"{y + 14}\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n");
        string strength = circuit.DataGrounded ? "measured contribution" : circuit.Metric.Description();
        var legend = $"edges: input → output; width = {strength} relative to the strongest input of the same channel";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{CircuitGraphLayout.Margin}\" y=\"{y + 34}\" font-size=\"11\" fill=\"#444\">{Escape(legend)};");
        svg.Append(CultureInfo.InvariantCulture, $" <tspan fill=\"{ExcitatoryColor}\">■ excitatory</tspan> <tspan fill=\"{InhibitoryColor}\">■ inhibitory</tspan></text>\n");
    }

    private static void Edge(StringBuilder svg, CircuitGraph circuit, CircuitGraphLayout layout, CircuitEdge edge, double strongest)
    {
        var from = layout.Anchors(edge.From).Top;
        var to = layout.Anchors(edge.To).Bottom;
        // Inputs sit below their outputs; an input shared with a shallower node may sit above: bend the same way.
        float middle = (from.Y + to.Y) / 2;
        var tooltip = $"{circuit.Nodes[edge.From].Label} → {circuit.Nodes[edge.To].Label} via {edge.Conv}: weight rank {edge.Slice.Rank}, " +
            $"L2 {KernelFigure.Format(edge.Slice.L2Norm)}, mean {KernelFigure.Format(edge.Slice.Mean)}" +
            (edge.Contribution is { } c ? $", data rank {edge.DataRank}, contribution {KernelFigure.Format(c)}" : "");
        svg.Append(CultureInfo.InvariantCulture,
            $"<path d=\"M{from.X:0.#},{from.Y:0.#} C{from.X:0.#},{middle:0.#} {to.X:0.#},{middle:0.#} {to.X:0.#},{to.Y:0.#}\" stroke=\"{ColorOf(edge.Sign)}\" stroke-width=\"{StrokeWidth(edge.Strength, strongest):0.##}\" stroke-opacity=\"0.8\"><title>{Escape(tooltip)}</title></path>\n");
    }

    private static void Node(StringBuilder svg, CircuitGraph circuit, CircuitGraphLayout layout, CircuitNode node)
    {
        var r = layout.Thumbnails[node.Id];
        var details = new List<string> { node.Label, $"value {node.Value}" };
        if (node.Convs.Count > 0) details.Add($"made by {string.Join(" + ", node.Convs)}");
        if (node.Skips.Count > 0) details.Add($"plus shortcut {string.Join(", ", node.Skips)}");
        if (node.Stop is not null) details.Add($"stops at {node.Stop}");
        svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Escape(string.Join("\n", details))}</title>\n");
        if (node.Image is { } image)
            svg.Append(CultureInfo.InvariantCulture,
                $"<image x=\"{r.Left:0.#}\" y=\"{r.Top:0.#}\" width=\"{r.Width:0.#}\" height=\"{r.Height:0.#}\" preserveAspectRatio=\"xMidYMid slice\" href=\"data:image/png;base64,{Convert.ToBase64String(ImageWriter.EncodePng(image))}\"/>\n");
        else
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{r.Left:0.#}\" y=\"{r.Top:0.#}\" width=\"{r.Width:0.#}\" height=\"{r.Height:0.#}\" fill=\"#eeeeee\"/>\n");
        string stroke = node.Id == 0 ? "#000" : "#999";
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{r.Left:0.#}\" y=\"{r.Top:0.#}\" width=\"{r.Width:0.#}\" height=\"{r.Height:0.#}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{(node.Id == 0 ? 2 : 1)}\"/>\n");
        foreach (var text in layout.Texts.Where(t => t.Panel == node.Id))
            // textLength pins each label to the width Skia measured, so a browser's font cannot make it overlap a neighbour.
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{text.X:0.##}\" y=\"{text.Baseline:0.##}\" font-size=\"{text.FontSize:0.#}\" textLength=\"{text.Bounds.Width:0.##}\" lengthAdjust=\"spacingAndGlyphs\">{Escape(text.Text)}</text>\n");
        svg.Append("</g>\n");
    }
}
