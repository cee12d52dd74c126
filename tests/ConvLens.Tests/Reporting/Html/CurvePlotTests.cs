using System.Globalization;
using System.Xml.Linq;
using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class CurvePlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void EachSeriesIsOnePolylineRisingWhereTheValuesRise()
    {
        var series = new[]
        {
            new CurveSeries("notebook recipe", [1.0, 2.0, 4.0, 8.0]),
            new CurveSeries("modern recipe", [0.5, 0.4, 3.0]),
        };
        var svg = XElement.Parse(CurvePlot.Render(series, "step", "objective"));
        var lines = svg.Elements(Svg + "polyline").ToArray();
        Assert.Equal(2, lines.Length);
        var ys = lines[0].Attribute("points")!.Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, ys.Length);
        // SVG's y grows downwards: a rising objective has falling y.
        for (int i = 1; i < ys.Length; i++) Assert.True(ys[i] < ys[i - 1], $"point {i}: {ys[i]} !< {ys[i - 1]}");
        var texts = svg.Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("notebook recipe", texts);
        Assert.Contains("modern recipe", texts);
    }

    [Fact]
    public void NonFiniteValuesAreSkippedNotDrawn()
    {
        var svg = CurvePlot.Render([new CurveSeries("x", [1.0, double.NaN, 3.0])], "step", "objective");
        Assert.DoesNotContain("NaN", svg);
    }
}
