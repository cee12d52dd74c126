using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>A paragraph of plain text (escaped), optionally styled as a note.</summary>
public sealed class Paragraph : ReportBlock
{
    /// <summary>A paragraph saying <paramref name="text"/>.</summary>
    public Paragraph(string text, bool isNote = false)
    {
        Text = text;
        IsNote = isNote;
    }

    /// <summary>The text.</summary>
    public string Text { get; }

    /// <summary>True for a note (something left out, and why).</summary>
    public bool IsNote { get; }

    /// <inheritdoc />
    public override void Render(StringBuilder html, bool embedImages) =>
        html.Append(IsNote ? "<p class=\"note\">" : "<p>").Append(HtmlText.Encode(Text)).Append("</p>\n");
}
