using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>Blocks side by side in equal columns (two plots next to each other), stacking on narrow screens.</summary>
public sealed class Columns : ReportBlock
{
    /// <summary>The blocks, one per column.</summary>
    public Columns(params ReportBlock[] blocks) => Blocks = blocks;

    /// <summary>The columns' contents.</summary>
    public IReadOnlyList<ReportBlock> Blocks { get; }

    /// <inheritdoc />
    public override IEnumerable<ReportImage> Images => Blocks.SelectMany(b => b.Images);

    /// <inheritdoc />
    public override void Render(StringBuilder html, bool embedImages)
    {
        html.Append("<div class=\"columns\">\n");
        foreach (var block in Blocks)
        {
            html.Append("<div>\n");
            block.Render(html, embedImages);
            html.Append("</div>\n");
        }
        html.Append("</div>\n");
    }
}
