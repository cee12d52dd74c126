using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Circuits;

/// <summary>
/// Ranks the input channels of a convolution channel by their kernel slices: the reference notebook's
/// "which input channels build block3_conv2 channel 16", for any 2-D convolution, grouped or not.
/// </summary>
public static class KernelAnalyzer
{
    /// <summary>Analyses channel <paramref name="channel"/> of <paramref name="layer"/> (a Keras name, alias or value name).</summary>
    /// <exception cref="ConvLensException">The layer or channel does not exist, or no single convolution builds it.</exception>
    public static KernelAnalysis Analyze(Network network, string layer, int channel, KernelRankMetric metric = KernelRankMetric.L2, int top = 6) =>
        Analyze(network.Model.Graph, network.Layers, layer, channel, metric, top);

    /// <summary>Analyses a channel of a graph whose layers <paramref name="layers"/> names.</summary>
    public static KernelAnalysis Analyze(OnnxGraph graph, LayerCatalog layers, string layer, int channel, KernelRankMetric metric = KernelRankMetric.L2, int top = 6)
    {
        if (top < 1) throw new ConvLensException($"the number of input channels to show must be at least 1, not {top}");
        var resolved = layers.Resolve(layer);
        var target = ConvTracer.Locate(graph, resolved.Value, channel, resolved.DisplayName);
        var slices = Rank(target, metric);
        var input = InputTracer.Trace(graph, target.Conv.InputValue, layers);
        return new KernelAnalysis(resolved.DisplayName, resolved.Value, channel, target, metric, slices, Math.Min(top, slices.Count), input);
    }

    /// <summary>Every input channel's slice for <paramref name="target"/>, ranked by <paramref name="metric"/> (ties: lower channel first).</summary>
    public static IReadOnlyList<KernelSlice> Rank(ConvChannel target, KernelRankMetric metric)
    {
        var conv = target.Conv;
        int first = conv.FirstInputOf(target.Channel), area = conv.KernelHeight * conv.KernelWidth;
        var unranked = new List<KernelSlice>(conv.InChannelsPerGroup);
        for (int local = 0; local < conv.InChannelsPerGroup; local++)
        {
            var values = new double[area];
            double sum = 0, squares = 0;
            for (int ky = 0; ky < conv.KernelHeight; ky++)
                for (int kx = 0; kx < conv.KernelWidth; kx++)
                {
                    double v = conv.Weight(target.Channel, local, ky, kx) * target.Scale;
                    values[ky * conv.KernelWidth + kx] = v;
                    sum += v;
                    squares += v * v;
                }
            double norm = Math.Sqrt(squares), mean = sum / area;
            double score = metric switch { KernelRankMetric.L2 => norm, KernelRankMetric.Mean => mean, _ => Math.Abs(mean) };
            unranked.Add(new KernelSlice(first + local, 0, conv.KernelHeight, conv.KernelWidth, values, norm, mean, score));
        }
        return unranked.OrderByDescending(s => s.Score).ThenBy(s => s.InputChannel)
            .Select((s, i) => s with { Rank = i + 1 }).ToList();
    }
}
