using ConvLens.Circuits;
using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The reference notebook's circuit figure: for each of the top-k input channels of a target channel,
/// its kernel slice above and its feature visualization below (2 × k, wrapping after
/// <see cref="KernelFigureLayout.MaxColumns"/> columns).
/// </summary>
public static class CircuitFigure
{
    /// <summary>The header lines and panels: <see cref="KernelFigure.Content"/> with one image per top slice.</summary>
    /// <exception cref="ArgumentException">The number of images is not the number of top slices.</exception>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<KernelFigurePanel> Panels) Content(KernelAnalysis analysis, IReadOnlyList<RgbImage?> images,
        ContributionRanking? data = null)
    {
        if (images.Count != analysis.TopSlices.Count)
            throw new ArgumentException($"{images.Count} visualizations for {analysis.TopSlices.Count} input channels", nameof(images));
        return KernelFigure.Content(analysis, data, images);
    }

    /// <summary>Lays out the figure (tests read its text rectangles).</summary>
    public static KernelFigureLayout Layout(KernelAnalysis analysis, IReadOnlyList<RgbImage?> images, ContributionRanking? data = null)
    {
        var (headers, panels) = Content(analysis, images, data);
        return KernelFigureLayout.Compute(headers, panels);
    }

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(KernelAnalysis analysis, IReadOnlyList<RgbImage?> images, ContributionRanking? data = null)
    {
        var (headers, panels) = Content(analysis, images, data);
        return KernelFigure.Render(headers, panels);
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, KernelAnalysis analysis, IReadOnlyList<RgbImage?> images, ContributionRanking? data = null)
    {
        using var bitmap = Render(analysis, images, data);
        ImageWriter.SavePng(bitmap, path);
    }
}
