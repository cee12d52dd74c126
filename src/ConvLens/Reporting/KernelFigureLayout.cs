using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// Where everything of a kernel or circuit figure goes: header lines, then up to <see cref="MaxColumns"/>
/// panels per row, each with two title lines, the kernel drawn as a grid of grey cells with its
/// normalised value printed in each cell, caption lines, and (circuit figures) an image with its caption.
/// Every text is fitted to its box and measured with the figure's font, and <see cref="Texts"/> exposes
/// the measured ink rectangles so that tests can prove nothing overlaps.
/// </summary>
public sealed class KernelFigureLayout
{
    /// <summary>Space around the figure.</summary>
    public const int Margin = 16;

    /// <summary>Space between panel columns.</summary>
    public const int ColumnGap = 20;

    /// <summary>Space between panel rows.</summary>
    public const int RowGap = 24;

    /// <summary>Height of a panel text line.</summary>
    public const int LineHeight = 18;

    /// <summary>Height of a header line.</summary>
    public const int HeaderLineHeight = 20;

    /// <summary>Space between a panel's parts.</summary>
    public const int Gap = 6;

    /// <summary>Panels per row before the figure wraps.</summary>
    public const int MaxColumns = 6;

    /// <summary>Narrowest panel column, so that titles have room.</summary>
    public const int MinColumnWidth = 168;

    /// <summary>Side of a feature visualization image.</summary>
    public const int ImageSide = 168;

    /// <summary>Below this size the cell values would be unreadable and are left out (the grey levels remain).</summary>
    public const float MinCellTextSize = 7f;

    /// <summary>The widest cell value text, used to size the cell font.</summary>
    private const string WidestCellText = "0.00";

    private const float TextSize = 13, HeaderTextSize = 14;

    private readonly List<KernelFigureText> _texts = [];
    private readonly List<SKRect> _heatmaps = [];
    private readonly List<SKRect?> _images = [];

    private KernelFigureLayout() { }

    /// <summary>Figure width in pixels.</summary>
    public int Width { get; private set; }

    /// <summary>Figure height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Panel columns per row.</summary>
    public int Columns { get; private set; }

    /// <summary>Side of one kernel cell.</summary>
    public int CellSide { get; private set; }

    /// <summary>Whether the cells show their values (false when they would be smaller than <see cref="MinCellTextSize"/>).</summary>
    public bool CellValuesShown { get; private set; }

    /// <summary>Every text, measured.</summary>
    public IReadOnlyList<KernelFigureText> Texts => _texts;

    /// <summary>The kernel grid of each panel.</summary>
    public IReadOnlyList<SKRect> Heatmaps => _heatmaps;

    /// <summary>The image of each panel (null when it has none).</summary>
    public IReadOnlyList<SKRect?> Images => _images;

    /// <summary>Lays out <paramref name="panels"/> under <paramref name="headers"/>.</summary>
    public static KernelFigureLayout Compute(IReadOnlyList<string> headers, IReadOnlyList<KernelFigurePanel> panels)
    {
        if (panels.Count == 0) throw new ArgumentException("a kernel figure needs at least one panel", nameof(panels));
        using var typeface = ReportFont.Load();
        var layout = new KernelFigureLayout();
        layout.Place(typeface, headers, panels);
        return layout;
    }

    /// <summary>The rectangle of cell (<paramref name="row"/>, <paramref name="column"/>) of panel <paramref name="panel"/>'s kernel.</summary>
    public SKRect Cell(int panel, int row, int column)
    {
        var grid = _heatmaps[panel];
        return SKRect.Create(grid.Left + column * CellSide, grid.Top + row * CellSide, CellSide, CellSide);
    }

    private void Place(SKTypeface typeface, IReadOnlyList<string> headers, IReadOnlyList<KernelFigurePanel> panels)
    {
        int kernel = panels.Max(p => Math.Max(p.KernelHeight, p.KernelWidth));
        // About 216 pixels of kernel whatever its size; a 1×1 kernel is one large cell.
        CellSide = Math.Max(4, Math.Min(144, 216 / kernel));
        int gridWidth = panels.Max(p => p.KernelWidth) * CellSide, gridHeight = panels.Max(p => p.KernelHeight) * CellSide;
        bool images = panels.Any(p => p.Image is not null);
        int columnWidth = Math.Max(Math.Max(MinColumnWidth, gridWidth), images ? ImageSide : 0);
        Columns = Math.Min(MaxColumns, panels.Count);
        int rows = (panels.Count + MaxColumns - 1) / MaxColumns;
        int captions = panels.Max(p => p.Captions.Count);
        int rowHeight = 2 * LineHeight + Gap + gridHeight + Gap + captions * LineHeight
            + (images ? Gap + ImageSide + LineHeight : 0);
        Width = 2 * Margin + Columns * columnWidth + (Columns - 1) * ColumnGap;
        int headerHeight = headers.Count * HeaderLineHeight + (headers.Count > 0 ? Gap * 2 : 0);
        Height = 2 * Margin + headerHeight + rows * rowHeight + (rows - 1) * RowGap;

        using var headerFont = ReportFont.ForLineHeight(typeface, HeaderTextSize, HeaderLineHeight);
        using var font = ReportFont.ForLineHeight(typeface, TextSize, LineHeight);
        using var cellFont = CellFont(typeface, CellSide);
        CellValuesShown = cellFont is not null;

        for (int h = 0; h < headers.Count; h++)
            AddLine(headers[h], KernelFigureTextRole.Header, -1, headerFont, Margin, Margin + h * HeaderLineHeight, Width - 2 * Margin, HeaderLineHeight, SKColors.Black, centred: false);

        for (int i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            float left = Margin + i % MaxColumns * (columnWidth + ColumnGap);
            float y = Margin + headerHeight + i / MaxColumns * (rowHeight + RowGap);
            AddLine(panel.Title, KernelFigureTextRole.Title, i, font, left, y, columnWidth, LineHeight, SKColors.Black);
            y += LineHeight;
            var labelColor = panel.Excitatory switch { true => new SKColor(0xA0, 0x20, 0x10), false => new SKColor(0x10, 0x40, 0xA0), null => SKColors.Black };
            AddLine(panel.Label, KernelFigureTextRole.Label, i, font, left, y, columnWidth, LineHeight, labelColor);
            y += LineHeight + Gap;
            var grid = SKRect.Create(left + (columnWidth - panel.KernelWidth * CellSide) / 2f, y, panel.KernelWidth * CellSide, panel.KernelHeight * CellSide);
            _heatmaps.Add(grid);
            if (cellFont is not null) AddCellValues(panel, i, grid, cellFont);
            y += gridHeight + Gap;
            foreach (var caption in panel.Captions)
            {
                AddLine(caption, KernelFigureTextRole.Caption, i, font, left, y, columnWidth, LineHeight, new SKColor(0x44, 0x44, 0x44));
                y += LineHeight;
            }
            y += (captions - panel.Captions.Count) * LineHeight;
            if (images && panel.Image is not null)
            {
                y += Gap;
                _images.Add(SKRect.Create(left + (columnWidth - ImageSide) / 2f, y, ImageSide, ImageSide));
                y += ImageSide;
                AddLine(panel.ImageCaption ?? "", KernelFigureTextRole.ImageCaption, i, font, left, y, columnWidth, LineHeight, new SKColor(0x44, 0x44, 0x44));
            }
            else _images.Add(null);
        }
    }

    private void AddCellValues(KernelFigurePanel panel, int index, SKRect grid, SKFont cellFont)
    {
        for (int r = 0; r < panel.KernelHeight; r++)
            for (int c = 0; c < panel.KernelWidth; c++)
            {
                double v = panel.Cells[r * panel.KernelWidth + c];
                var cell = SKRect.Create(grid.Left + c * CellSide, grid.Top + r * CellSide, CellSide, CellSide);
                // Light text on dark cells, dark text on light ones.
                AddLine(v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), KernelFigureTextRole.CellValue, index, cellFont,
                    cell.Left, cell.Top, cell.Width, cell.Height, v < 0.5 ? SKColors.White : SKColors.Black);
            }
    }

    /// <summary>The largest font up to 14 px whose widest value fits a cell with a margin, or null below <see cref="MinCellTextSize"/>.</summary>
    private static SKFont? CellFont(SKTypeface typeface, int cell)
    {
        var font = ReportFont.ForLineHeight(typeface, Math.Min(14f, cell * 0.4f), cell - 2);
        while (font.Size >= MinCellTextSize && font.MeasureText(WidestCellText) > cell - 4) font.Size -= 0.5f;
        if (font.Size >= MinCellTextSize) return font;
        font.Dispose();
        return null;
    }

    /// <summary>Fits <paramref name="text"/> into a line box and records where it is drawn and its measured ink.</summary>
    private void AddLine(string text, KernelFigureTextRole role, int panel, SKFont font, float left, float top, float width, float height, SKColor color, bool centred = true)
    {
        var fitted = ReportFont.Fit(text, font, width);
        if (fitted.Length == 0) return;
        float advance = font.MeasureText(fitted, out var bounds);
        float x = centred ? left + (width - advance) / 2 : left;
        float baseline = ReportFont.Baseline(font, top, height);
        bounds.Offset(x, baseline);
        _texts.Add(new KernelFigureText(fitted, role, panel, x, baseline, font.Size, bounds, color));
    }
}
