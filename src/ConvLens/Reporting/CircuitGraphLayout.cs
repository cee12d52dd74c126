using ConvLens.Circuits;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// Where the nodes of a <see cref="CircuitGraph"/> go: one row per depth, the target on top, each row
/// centred, children in the order they were found (grouped under their parent, so edges cross little).
/// Labels are fitted to their node with the figure's font and measured, for overlap checks.
/// </summary>
public sealed class CircuitGraphLayout
{
    /// <summary>Space around the graph.</summary>
    public const int Margin = 20;

    /// <summary>Side of a node's thumbnail.</summary>
    public const int Thumbnail = 72;

    /// <summary>Width of a node (thumbnail plus room for its label).</summary>
    public const int NodeWidth = 104;

    /// <summary>Space between nodes of a row.</summary>
    public const int NodeGap = 12;

    /// <summary>Vertical space between rows, where the edges run.</summary>
    public const int RowGap = 96;

    /// <summary>Height of a label line.</summary>
    public const int LineHeight = 14;

    /// <summary>Font size of labels, in pixels.</summary>
    public const float FontSize = 11;

    /// <summary>Smallest font size a long label shrinks to before it is shortened with an ellipsis.</summary>
    public const float MinFontSize = 8.5f;

    /// <summary>Height of the title and legend band.</summary>
    public const int HeaderHeight = 52;

    private readonly Dictionary<int, SKRect> _thumbnails = [];
    private readonly List<KernelFigureText> _texts = [];

    private CircuitGraphLayout() { }

    /// <summary>Width of the drawing.</summary>
    public int Width { get; private set; }

    /// <summary>Height of the drawing.</summary>
    public int Height { get; private set; }

    /// <summary>The thumbnail rectangle of each node, by node id.</summary>
    public IReadOnlyDictionary<int, SKRect> Thumbnails => _thumbnails;

    /// <summary>Every label, fitted and measured (role <see cref="KernelFigureTextRole.ImageCaption"/>, panel = node id).</summary>
    public IReadOnlyList<KernelFigureText> Texts => _texts;

    /// <summary>Lays out <paramref name="circuit"/>.</summary>
    public static CircuitGraphLayout Compute(CircuitGraph circuit)
    {
        var layout = new CircuitGraphLayout();
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, FontSize, LineHeight);
        int widest = Enumerable.Range(0, circuit.Depth + 1).Max(d => circuit.Level(d).Count());
        int rowHeight = Thumbnail + 2 * LineHeight + 4;
        layout.Width = Math.Max(480, 2 * Margin + widest * NodeWidth + (widest - 1) * NodeGap);
        int depths = circuit.Nodes.Max(n => n.Depth) + 1;
        layout.Height = 2 * Margin + HeaderHeight + depths * rowHeight + (depths - 1) * RowGap;
        for (int d = 0; d < depths; d++)
        {
            var row = circuit.Level(d).ToList();
            float rowWidth = row.Count * NodeWidth + (row.Count - 1) * NodeGap;
            float left = (layout.Width - rowWidth) / 2, top = Margin + HeaderHeight + d * (rowHeight + RowGap);
            for (int i = 0; i < row.Count; i++)
            {
                float x = left + i * (NodeWidth + NodeGap);
                layout._thumbnails[row[i].Id] = SKRect.Create(x + (NodeWidth - Thumbnail) / 2f, top, Thumbnail, Thumbnail);
                layout.AddLine(font, row[i].LayerName, row[i].Id, x, top + Thumbnail + 2);
                layout.AddLine(font, $"channel {row[i].Channel}", row[i].Id, x, top + Thumbnail + 2 + LineHeight);
            }
        }
        return layout;
    }

    /// <summary>Where an edge leaves a node (bottom centre of its label block) or enters one (top centre of its thumbnail).</summary>
    public (SKPoint Bottom, SKPoint Top) Anchors(int node)
    {
        var r = _thumbnails[node];
        return (new SKPoint(r.MidX, r.Bottom + 2 * LineHeight + 4), new SKPoint(r.MidX, r.Top));
    }

    private void AddLine(SKFont font, string text, int node, float left, float top)
    {
        // Long value names (CNTK's "ReLU301_Output_0") shrink a little before they are shortened.
        float size = font.Size;
        while (font.MeasureText(text) > NodeWidth && font.Size > MinFontSize) font.Size -= 0.5f;
        var fitted = ReportFont.Fit(text, font, NodeWidth);
        if (fitted.Length == 0)
        {
            font.Size = size;
            return;
        }
        float advance = font.MeasureText(fitted, out var bounds);
        float x = left + (NodeWidth - advance) / 2, baseline = ReportFont.Baseline(font, top, LineHeight);
        bounds.Offset(x, baseline);
        _texts.Add(new KernelFigureText(fitted, KernelFigureTextRole.ImageCaption, node, x, baseline, font.Size, bounds, SKColors.Black));
        font.Size = size;
    }
}
