using System.Globalization;
using System.Xml.Linq;
using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Tests.Circuits;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class CircuitGraphSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void TheSvgHasOneThumbnailPerNodeAndOneCurvePerEdgeColouredBySignAndSizedByStrength()
    {
        using var network = CircuitModels.NarrowVgg(7);
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block3_conv2", 2, new CircuitGraphOptions { Depth = 2, Top = 4, Fanout = 3 });
        var visualizer = new RecordingVisualizer();
        CircuitVisualization.Attach(network, circuit, visualizer);

        var document = XDocument.Parse(CircuitGraphSvg.Write(circuit, "test circuit"));

        var images = document.Descendants(Svg + "image").ToList();
        Assert.Equal(circuit.Nodes.Count, images.Count);
        Assert.All(images, i => Assert.StartsWith("data:image/png;base64,", (string)i.Attribute("href")!));
        var paths = document.Descendants(Svg + "path").ToList();
        Assert.Equal(circuit.Edges.Count, paths.Count);
        for (int e = 0; e < paths.Count; e++)
        {
            var edge = circuit.Edges[e];
            Assert.Equal(CircuitGraphSvg.ColorOf(edge.Slice.Sign), (string)paths[e].Attribute("stroke")!);
            double strongest = circuit.Edges.Where(x => x.To == edge.To).Max(x => x.Slice.L2Norm);
            double width = double.Parse((string)paths[e].Attribute("stroke-width")!, CultureInfo.InvariantCulture);
            // Written with two decimals.
            Assert.Equal(CircuitGraphSvg.StrokeWidth(edge.Slice.L2Norm, strongest), width, 2);
        }
        // The strongest input of every node is drawn at full width.
        foreach (var group in circuit.Edges.GroupBy(e => e.To))
            Assert.Equal(CircuitGraphSvg.MaxStroke, CircuitGraphSvg.StrokeWidth(group.Max(e => e.Strength), group.Max(e => e.Strength)));
        // One batch per layer: the target, block3_conv1 and block2_pool.
        Assert.Equal(["block3_conv2", "block3_conv1", "block2_pool"], visualizer.Calls.Select(c => c.Layer));
        Assert.Equal(circuit.Level(1).Select(n => n.Channel), visualizer.Calls[1].Channels);
    }

    [Fact]
    public void LabelsFitTheirNodesAndNeverOverlap()
    {
        using var network = CircuitModels.NarrowVgg(8);
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block3_conv2", 0, new CircuitGraphOptions { Depth = 3, Top = 6, Fanout = 3 });

        var layout = CircuitGraphLayout.Compute(circuit);

        var texts = layout.Texts;
        Assert.Equal(2 * circuit.Nodes.Count, texts.Count);
        for (int i = 0; i < texts.Count; i++)
            for (int j = i + 1; j < texts.Count; j++)
                Assert.False(texts[i].Bounds.IntersectsWith(texts[j].Bounds), $"'{texts[i].Text}' overlaps '{texts[j].Text}'");
        var thumbnails = layout.Thumbnails.Values.ToList();
        Assert.All(texts, t => Assert.DoesNotContain(thumbnails, r => r.IntersectsWith(t.Bounds)));
        Assert.All(texts, t => Assert.True(t.Bounds.Width <= CircuitGraphLayout.NodeWidth));
    }

    [Fact]
    public void TheHtmlPageWrapsTheSvgAndListsTheEdges()
    {
        using var network = CircuitModels.NarrowVgg(9);
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block3_conv2", 1, new CircuitGraphOptions { Depth = 2, Top = 2 });
        CircuitVisualization.Attach(network, circuit, new RecordingVisualizer());

        var html = CircuitGraphHtml.Write(circuit, "a <title> & more");

        Assert.StartsWith("<!doctype html>", html);
        Assert.Contains("<title>a &lt;title&gt; &amp; more</title>", html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.Equal(circuit.Nodes.Count, CountOf(html, "data:image/png;base64,"));
        Assert.Equal(circuit.Edges.Count + 1, CountOf(html, "<tr>"));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Records each request and answers with solid images.</summary>
    private sealed class RecordingVisualizer : IChannelVisualizer
    {
        public List<(string Layer, IReadOnlyList<int> Channels)> Calls { get; } = [];

        public IReadOnlyList<RgbImage> Visualize(Network network, string layer, IReadOnlyList<int> channels, CancellationToken cancellation = default)
        {
            Calls.Add((layer, channels));
            return channels.Select(CircuitFigureTests.Solid).ToList();
        }
    }
}
