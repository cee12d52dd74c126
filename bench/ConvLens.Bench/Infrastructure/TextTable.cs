namespace ConvLens.Bench.Infrastructure;

/// <summary>A table of text cells, printed aligned for the console or as Markdown for RESULTS.md.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>The column headers.</summary>
    public IReadOnlyList<string> Headers { get; } = headers;

    /// <summary>Adds a row (missing cells are left empty).</summary>
    public void Add(params string[] cells) => _rows.Add([.. cells, .. Enumerable.Repeat("", Math.Max(0, Headers.Count - cells.Length))]);

    /// <summary>Right-aligned columns for the console.</summary>
    public string ToConsole()
    {
        var widths = Headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i])));
        return string.Join(Environment.NewLine, new[] { Line(Headers), string.Join("  ", widths.Select(w => new string('-', w))) }.Concat(_rows.Select(Line)));
    }

    /// <summary>A GitHub-flavoured Markdown table.</summary>
    public string ToMarkdown()
    {
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells) + " |";
        return string.Join("\n", new[] { Line(Headers), Line(Headers.Select(_ => "---:")) }.Concat(_rows.Select(Line)));
    }
}
