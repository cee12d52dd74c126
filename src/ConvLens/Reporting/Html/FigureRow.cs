using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>Images side by side, each labelled, wrapping on narrow screens.</summary>
public sealed class FigureRow : ReportBlock
{
    /// <summary>A row of <paramref name="tiles"/>, each shown <paramref name="tileWidth"/> CSS pixels wide.</summary>
    /// <param name="tiles">The images.</param>
    /// <param name="tileWidth">Display width of each image; the browser scales, the file keeps its resolution.</param>
    /// <param name="heading">A short heading above the row, or null.</param>
    /// <param name="pixelated">Show enlarged pixels as squares (for kernels and small maps) rather than blurred.</param>
    public FigureRow(IReadOnlyList<FigureTile> tiles, int tileWidth = 224, string? heading = null, bool pixelated = false)
    {
        Tiles = tiles;
        TileWidth = tileWidth;
        Heading = heading;
        Pixelated = pixelated;
    }

    /// <summary>The images.</summary>
    public IReadOnlyList<FigureTile> Tiles { get; }

    /// <summary>Display width of each image in CSS pixels.</summary>
    public int TileWidth { get; }

    /// <summary>The heading above the row, or null.</summary>
    public string? Heading { get; }

    /// <summary>True when enlarged pixels stay square.</summary>
    public bool Pixelated { get; }

    /// <inheritdoc />
    public override IEnumerable<ReportImage> Images => Tiles.Select(t => t.Image);

    /// <inheritdoc />
    public override void Render(StringBuilder html, bool embedImages)
    {
        if (Heading is not null) html.Append("<h3>").Append(HtmlText.Encode(Heading)).Append("</h3>\n");
        html.Append("<div class=\"figure-row\">\n");
        foreach (var tile in Tiles)
        {
            int height = (int)Math.Round(TileWidth * (double)tile.Image.Height / Math.Max(1, tile.Image.Width));
            html.Append("<figure class=\"tile\" style=\"width:").Append(TileWidth).Append("px\">")
                .Append("<img src=\"").Append(HtmlText.Encode(tile.Image.Source(embedImages)))
                .Append("\" width=\"").Append(TileWidth).Append("\" height=\"").Append(height)
                .Append("\" alt=\"").Append(HtmlText.Encode(tile.Image.Alt)).Append('"')
                .Append(Pixelated ? " class=\"pixelated\"" : "").Append('>')
                .Append("<figcaption><span class=\"label\">").Append(HtmlText.Encode(tile.Label)).Append("</span>");
            if (tile.Detail is not null)
                html.Append("<span class=\"detail\">").Append(HtmlText.Encode(tile.Detail)).Append("</span>");
            html.Append("</figcaption></figure>\n");
        }
        html.Append("</div>\n");
    }
}
