using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Tests.Circuits;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class KernelFigureTests
{
    [Theory]
    [InlineData(1, 6)]
    [InlineData(3, 6)]
    [InlineData(3, 12)]
    [InlineData(7, 6)]
    [InlineData(7, 12)]
    public void NoTextOverlapsAnotherOrLeavesItsPlace(int kernel, int top)
    {
        var analysis = Analysis(kernel, inputs: 16, seed: kernel * 100 + top, top: top);
        var (headers, panels) = KernelFigure.Content(analysis);

        var layout = KernelFigureLayout.Compute(headers, panels);

        KernelFigureLayoutChecks.AssertLegible(layout, expectedPanels: Math.Min(top, 16));
        Assert.True(layout.CellValuesShown, $"a {kernel}×{kernel} kernel should show its values");
        Assert.Equal(Math.Min(top, 16) * kernel * kernel, layout.Texts.Count(t => t.Role == KernelFigureTextRole.CellValue));
        Assert.All(layout.Texts.Where(t => t.Role == KernelFigureTextRole.CellValue), t => Assert.True(t.FontSize >= KernelFigureLayout.MinCellTextSize));
        Assert.Equal(Math.Min(top, KernelFigureLayout.MaxColumns), layout.Columns);
    }

    [Fact]
    public void KernelsTooFineForNumbersDropThemButKeepTheirGreyLevels()
    {
        var analysis = Analysis(15, inputs: 6, seed: 3);
        var (headers, panels) = KernelFigure.Content(analysis);

        var layout = KernelFigureLayout.Compute(headers, panels);

        Assert.False(layout.CellValuesShown);
        Assert.DoesNotContain(layout.Texts, t => t.Role == KernelFigureTextRole.CellValue);
        KernelFigureLayoutChecks.AssertLegible(layout, expectedPanels: 6);
    }

    [Fact]
    public void EachCellIsTheGreyOfItsNormalisedValueWithThatValuePrinted()
    {
        var analysis = Analysis(3, inputs: 8, seed: 9);
        var (headers, panels) = KernelFigure.Content(analysis);
        var layout = KernelFigureLayout.Compute(headers, panels);

        using var bitmap = KernelFigure.Render(layout, panels);

        Assert.Equal((layout.Width, layout.Height), (bitmap.Width, bitmap.Height));
        for (int p = 0; p < panels.Count; p++)
        {
            var normalized = analysis.TopSlices[p].Normalized();
            Assert.Equal(0.0, normalized.Min());
            Assert.Equal(1.0, normalized.Max());
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++)
                {
                    var cell = layout.Cell(p, r, c);
                    // A corner of the cell, away from its printed value and the grid's outline.
                    var pixel = bitmap.GetPixel((int)cell.Left + 3, (int)cell.Top + 3);
                    byte grey = (byte)Math.Round(normalized[r * 3 + c] * 255);
                    Assert.Equal(new SKColor(grey, grey, grey), pixel);
                    var printed = layout.Texts.Single(t => t.Role == KernelFigureTextRole.CellValue && t.Panel == p && cell.Contains(t.Bounds));
                    Assert.Equal(normalized[r * 3 + c].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), printed.Text);
                }
        }
        var titles = layout.Texts.Where(t => t.Role == KernelFigureTextRole.Title).Select(t => t.Text).ToList();
        Assert.Equal(analysis.TopSlices.Select(s => $"#{s.Rank} input channel {s.InputChannel}"), titles);
        Assert.Equal(analysis.TopSlices.Select(s => s.Sign.Label()), layout.Texts.Where(t => t.Role == KernelFigureTextRole.Label).Select(t => t.Text));
    }

    [Fact]
    public void TheDataRankingAddsAHeaderAndACaptionPerPanel()
    {
        var analysis = Analysis(3, inputs: 8, seed: 4);
        var contributions = Enumerable.Range(0, 8).Select(i => (double)(i - 3)).ToArray();
        var data = ContributionRanking.Compare(analysis, contributions, 7, 700);

        var (headers, panels) = KernelFigure.Content(analysis, data);
        var layout = KernelFigureLayout.Compute(headers, panels);

        Assert.Contains(headers, h => h.StartsWith("on 7 images: Spearman"));
        // Contributions −3..4: the largest magnitudes are inputs 7 (4), 0 (−3), 6 (3), 1 (−2), 5 (2), 2 (−1).
        Assert.Contains("top 6 by measured contribution: 7 (4), 0 (-3), 6 (3), 1 (-2), 5 (2), 2 (-1)", headers);
        Assert.All(panels, p => Assert.StartsWith("data rank ", p.Captions[1]));
        KernelFigureLayoutChecks.AssertLegible(layout, expectedPanels: 6);
    }

    [Fact]
    public void WriteSavesAPng()
    {
        var analysis = Analysis(3, inputs: 8, seed: 5);
        var (headers, panels) = KernelFigure.Content(analysis);
        var path = Path.Combine(TestFiles.TempFolder(), "figures", "kernels.png");

        KernelFigure.Write(path, headers, panels);

        using var decoded = SKBitmap.Decode(path);
        Assert.Equal(KernelFigureLayout.Compute(headers, panels).Width, decoded.Width);
    }

    /// <summary>The analysis of output channel 0 of a random conv with <paramref name="inputs"/> input channels.</summary>
    internal static KernelAnalysis Analysis(int kernel, int inputs, int seed, int top = 6)
    {
        var weights = TestModels.RandomNormal(new Random(seed), 2 * inputs * kernel * kernel);
        using var network = Network.FromModel(CircuitModels.SingleConv(new CircuitModels.ConvSpec(inputs, 2, kernel, 1, weights), size: Math.Max(8, kernel + 1)));
        return KernelAnalyzer.Analyze(network, "relu", 0, top: top);
    }
}
