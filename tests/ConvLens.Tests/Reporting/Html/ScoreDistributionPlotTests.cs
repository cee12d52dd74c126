using System.Xml.Linq;
using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class ScoreDistributionPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void EveryImageIsCountedOnceAndTheTopKAreMarkedAtTheirScores()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 60).Select(_ => random.NextDouble() * 10).Append(25).Append(31).ToArray();
        var marked = new[] { new MarkedScore("#1", 31), new MarkedScore("#2", 25) };
        var svg = XElement.Parse(ScoreDistributionPlot.Render(scores, marked, "L2 norm"));

        // Histogram bars carry their count in the tooltip: the counts add up to the number of images.
        var counts = svg.Elements(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).Select(r => int.Parse(r.Element(Svg + "title")!.Value.Split(' ')[0]));
        Assert.Equal(scores.Length, counts.Sum());
        var labels = svg.Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("#1", labels);
        Assert.Contains("#2", labels);
        Assert.Contains(labels, l => l.StartsWith("median ", StringComparison.Ordinal));

        // The #1 marker sits to the right of the #2 marker, and both to the right of every other image.
        var markers = svg.Elements(Svg + "circle").Select(c => double.Parse(c.Attribute("cx")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, markers.Length);
        Assert.True(markers[0] > markers[1]);
    }

    [Fact]
    public void MedianOfEvenAndOddCounts()
    {
        Assert.Equal(2, ScoreDistributionPlot.Median([3, 1, 2]));
        Assert.Equal(2.5, ScoreDistributionPlot.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void OneImageOrAllEqualScoresStillDraw()
    {
        var one = XElement.Parse(ScoreDistributionPlot.Render([4.0], [new MarkedScore("#1", 4)], "mean"));
        Assert.Single(one.Elements(Svg + "circle"));
        var flat = XElement.Parse(ScoreDistributionPlot.Render([0.0, 0.0, 0.0], [], "max"));
        Assert.Contains(flat.Elements(Svg + "rect"), r => r.Element(Svg + "title") is not null);
    }
}
