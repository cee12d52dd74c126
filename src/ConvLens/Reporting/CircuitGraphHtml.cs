using System.Globalization;
using System.Text;
using ConvLens.Circuits;

namespace ConvLens.Reporting;

/// <summary>
/// A self-contained HTML page around <see cref="CircuitGraphSvg"/>: the graph inline (thumbnails as base64
/// PNGs, no external files), followed by a table of its edges.
/// </summary>
public static class CircuitGraphHtml
{
    /// <summary>The HTML document.</summary>
    public static string Write(CircuitGraph circuit, string title)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{CircuitGraphSvg.Escape(title)}</title>\n");
        // An empty icon: browsers would otherwise ask the server for /favicon.ico.
        html.Append("<link rel=\"icon\" href=\"data:,\">\n");
        html.Append("<style>body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:16px;color:#222}" +
            ".graph{overflow-x:auto;border:1px solid #ddd}table{border-collapse:collapse;margin-top:16px;font-size:13px}" +
            "td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}</style>\n");
        html.Append("</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{CircuitGraphSvg.Escape(title)}</h1>\n<div class=\"graph\">\n");
        html.Append(CircuitGraphSvg.Write(circuit, title));
        html.Append("</div>\n<table>\n<thead><tr><th>input</th><th>output</th><th>convolution</th><th>weight rank</th><th>L2</th><th>mean</th>");
        if (circuit.DataGrounded) html.Append("<th>data rank</th><th>contribution</th>");
        html.Append("<th>sign</th></tr></thead>\n<tbody>\n");
        foreach (var edge in circuit.Edges)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{CircuitGraphSvg.Escape(circuit.Nodes[edge.From].Label)}</td><td>{CircuitGraphSvg.Escape(circuit.Nodes[edge.To].Label)}</td>" +
                $"<td>{CircuitGraphSvg.Escape(edge.Conv)}</td><td class=\"n\">{edge.Slice.Rank}</td><td class=\"n\">{KernelFigure.Format(edge.Slice.L2Norm)}</td><td class=\"n\">{KernelFigure.Format(edge.Slice.Mean)}</td>");
            if (circuit.DataGrounded) html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{edge.DataRank}</td><td class=\"n\">{KernelFigure.Format(edge.Contribution ?? double.NaN)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td style=\"color:{CircuitGraphSvg.ColorOf(edge.Sign)}\">{edge.Sign.Name()}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }
}
