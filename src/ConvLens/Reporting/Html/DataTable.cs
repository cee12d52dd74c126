using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>A small table of measured values; columns whose cells all look numeric are right-aligned.</summary>
public sealed class DataTable : ReportBlock
{
    /// <summary>A table with <paramref name="headers"/> and <paramref name="rows"/> (plain text, escaped).</summary>
    public DataTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string? heading = null)
    {
        if (rows.Any(r => r.Count != headers.Count))
            throw new ArgumentException($"every row needs {headers.Count} cells", nameof(rows));
        Headers = headers;
        Rows = rows;
        Heading = heading;
    }

    /// <summary>Column titles.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The cells, row by row.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>The heading above the table, or null.</summary>
    public string? Heading { get; }

    /// <inheritdoc />
    public override void Render(StringBuilder html, bool embedImages)
    {
        if (Heading is not null) html.Append("<h3>").Append(HtmlText.Encode(Heading)).Append("</h3>\n");
        var numeric = Enumerable.Range(0, Headers.Count)
            .Select(c => Rows.Count > 0 && Rows.All(r => LooksNumeric(r[c]))).ToArray();
        html.Append("<table class=\"data\"><thead><tr>");
        for (int c = 0; c < Headers.Count; c++)
            html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(HtmlText.Encode(Headers[c])).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
                html.Append(numeric[c] ? "<td class=\"num\">" : "<td>").Append(HtmlText.Encode(row[c])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static bool LooksNumeric(string cell)
    {
        var core = cell.Trim().TrimStart('−', '-', '+', '#').TrimEnd('%', '×', 's', ' ').Replace(",", "").Replace(" m", "");
        return core.Length > 0 && core.All(ch => char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '-');
    }
}
