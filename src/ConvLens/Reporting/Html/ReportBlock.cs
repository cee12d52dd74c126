using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>One piece of a report section's body: a row of figures, a plot, a table or a paragraph.</summary>
public abstract class ReportBlock
{
    /// <summary>Appends the block's markup.</summary>
    /// <param name="html">Where the markup goes.</param>
    /// <param name="embedImages">True for a single-file report: images become data URIs.</param>
    public abstract void Render(StringBuilder html, bool embedImages);

    /// <summary>The PNG files the block shows (written beside the page unless embedded).</summary>
    public virtual IEnumerable<ReportImage> Images => [];
}
