using ConvLens.Reporting;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

/// <summary>What every kernel or circuit figure must satisfy to be readable.</summary>
internal static class KernelFigureLayoutChecks
{
    /// <summary>
    /// Measured text boxes never intersect each other, stay inside the figure, never cover a kernel or image
    /// (except the values printed inside their own cell), and every panel has its title and label.
    /// </summary>
    public static void AssertLegible(KernelFigureLayout layout, int expectedPanels)
    {
        var figure = SKRect.Create(0, 0, layout.Width, layout.Height);
        var texts = layout.Texts;
        Assert.All(texts, t => Assert.True(figure.Contains(t.Bounds), $"'{t.Text}' at {t.Bounds} leaves the {layout.Width}×{layout.Height} figure"));
        for (int i = 0; i < texts.Count; i++)
            for (int j = i + 1; j < texts.Count; j++)
                Assert.False(texts[i].Bounds.IntersectsWith(texts[j].Bounds), $"'{texts[i].Text}' {texts[i].Bounds} overlaps '{texts[j].Text}' {texts[j].Bounds}");
        var pictures = layout.Heatmaps.Concat(layout.Images.Where(r => r is not null).Select(r => r!.Value)).ToList();
        foreach (var text in texts.Where(t => t.Role != KernelFigureTextRole.CellValue))
            Assert.DoesNotContain(pictures, p => p.IntersectsWith(text.Bounds));
        foreach (var value in texts.Where(t => t.Role == KernelFigureTextRole.CellValue))
            Assert.True(layout.Heatmaps[value.Panel].Contains(value.Bounds), $"cell value '{value.Text}' leaves its kernel");
        Assert.Equal(expectedPanels, layout.Heatmaps.Count);
        for (int p = 0; p < expectedPanels; p++)
        {
            Assert.Contains(texts, t => t.Panel == p && t.Role == KernelFigureTextRole.Title);
            Assert.Contains(texts, t => t.Panel == p && t.Role == KernelFigureTextRole.Label);
        }
    }
}
