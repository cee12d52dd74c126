using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The reference notebook's activation figure, three panels in a row: the channel's feature
/// visualization, the picture titled with its predicted class, and the channel's activation map laid over
/// the picture with a colorbar. Each picture keeps its aspect ratio inside a <see cref="CellSize"/> square.
/// </summary>
public static class ActivationFigure
{
    /// <summary>Side of the square each panel's picture is scaled into.</summary>
    public const int CellSize = 224;

    /// <summary>Space around and between panels.</summary>
    public const int Margin = 16;

    /// <summary>Height of the title line.</summary>
    public const int LineHeight = 20;

    /// <summary>Space between the title and the picture.</summary>
    public const int TitleGap = 4;

    /// <summary>Space between the activation panel and its colorbar.</summary>
    public const int ColorbarGap = 8;

    private const float FontSize = 14;
    private const float TickFontSize = 11;

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(ActivationFigurePanels panels)
    {
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, FontSize, LineHeight);
        using var tickFont = new SKFont(typeface, TickFontSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
        int labels = (int)Math.Ceiling(ActivationFigureColorbar.LabelWidth(panels.Minimum, panels.Maximum, tickFont));
        int width = Margin + 3 * (CellSize + Margin) + ColorbarGap + ActivationFigureColorbar.BarWidth + labels + Margin;
        int height = Margin + LineHeight + TitleGap + CellSize + Margin;
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        float imageTop = Margin + LineHeight + TitleGap;

        var titles = new[] { panels.FeatureTitle, panels.ImageTitle, panels.OverlayTitle };
        for (int i = 0; i < 3; i++)
        {
            float centre = PanelLeft(i) + CellSize / 2f;
            canvas.DrawText(ReportFont.Fit(titles[i], font, CellSize), centre, ReportFont.Baseline(font, Margin, LineHeight), SKTextAlign.Center, font, titlePaint);
        }

        if (panels.FeatureVisualization is { } feature) DrawFitted(canvas, feature, PanelLeft(0), imageTop);
        else DrawMissing(canvas, font, PanelLeft(0), imageTop);
        DrawFitted(canvas, panels.Image, PanelLeft(1), imageTop);
        var drawn = DrawFitted(canvas, panels.Overlay, PanelLeft(2), imageTop);

        // matplotlib's colorbar spans the height of the axes it belongs to: here, the drawn overlay.
        var bar = SKRect.Create(PanelLeft(2) + CellSize + ColorbarGap, drawn.Top, ActivationFigureColorbar.BarWidth, drawn.Height);
        ActivationFigureColorbar.Draw(canvas, bar, panels.Colormap, panels.Minimum, panels.Maximum, tickFont);
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, ActivationFigurePanels panels)
    {
        using var bitmap = Render(panels);
        Imaging.ImageWriter.SavePng(bitmap, path);
    }

    /// <summary>Left edge of panel <paramref name="index"/>.</summary>
    public static float PanelLeft(int index) => Margin + index * (CellSize + Margin);

    /// <summary>Where a picture of <paramref name="width"/> × <paramref name="height"/> is drawn in a panel whose cell starts at (left, top).</summary>
    public static SKRect FittedRect(int width, int height, float left, float top)
    {
        float scale = Math.Min(CellSize / (float)width, CellSize / (float)height);
        float w = width * scale, h = height * scale;
        return SKRect.Create(left + (CellSize - w) / 2, top + (CellSize - h) / 2, w, h);
    }

    private static SKRect DrawFitted(SKCanvas canvas, Imaging.RgbImage picture, float left, float top)
    {
        var rect = FittedRect(picture.Width, picture.Height, left, top);
        using var bitmap = ImageWriter.ToBitmap(picture);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, rect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return rect;
    }

    private static void DrawMissing(SKCanvas canvas, SKFont font, float left, float top)
    {
        using var fill = new SKPaint { Color = new SKColor(0xee, 0xee, 0xee) };
        canvas.DrawRect(SKRect.Create(left, top, CellSize, CellSize), fill);
        using var text = new SKPaint { Color = new SKColor(0x77, 0x77, 0x77), IsAntialias = true };
        canvas.DrawText("not rendered", left + CellSize / 2f, ReportFont.Baseline(font, top + (CellSize - LineHeight) / 2f, LineHeight), SKTextAlign.Center, font, text);
    }
}
