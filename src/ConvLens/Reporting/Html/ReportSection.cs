using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>
/// One numbered section of a report: a title, its figures and tables, and a caption written from the
/// numbers the section measured. A section that does not apply keeps its place with a note saying why.
/// </summary>
public sealed class ReportSection
{
    private readonly List<ReportBlock> _blocks = [];

    /// <summary>A section with a stable <paramref name="id"/> (the page anchor tests and links use).</summary>
    public ReportSection(string id, string title)
    {
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new ArgumentException($"section ids are lowercase letters, digits and '-'; got '{id}'", nameof(id));
        Id = id;
        Title = title;
    }

    /// <summary>The anchor (<c>id</c> attribute).</summary>
    public string Id { get; }

    /// <summary>The heading.</summary>
    public string Title { get; }

    /// <summary>The figure caption, generated from measured numbers; null for none.</summary>
    public string? Caption { get; set; }

    /// <summary>Why the section has no content (for instance, the model has no classifier); null when it has.</summary>
    public string? Note { get; set; }

    /// <summary>The body, in order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>Appends a block and returns the section, so a section reads as one expression.</summary>
    public ReportSection Add(ReportBlock block)
    {
        _blocks.Add(block);
        return this;
    }

    /// <summary>Every image of the section.</summary>
    public IEnumerable<ReportImage> Images => _blocks.SelectMany(b => b.Images);

    /// <summary>Appends the section's markup; <paramref name="number"/> is its position on the page.</summary>
    public void Render(StringBuilder html, int number, bool embedImages)
    {
        html.Append("<section id=\"").Append(Id).Append("\" class=\"report-section\">\n")
            .Append("<h2><span class=\"secno\">").Append(number).Append("</span>").Append(HtmlText.Encode(Title)).Append("</h2>\n");
        if (Note is not null) html.Append("<p class=\"note\">").Append(HtmlText.Encode(Note)).Append("</p>\n");
        foreach (var block in _blocks) block.Render(html, embedImages);
        if (Caption is not null)
            html.Append("<p class=\"caption\"><span class=\"figno\">Figure ").Append(number).Append(".</span> ")
                .Append(HtmlText.Encode(Caption)).Append("</p>\n");
        html.Append("</section>\n");
    }
}
