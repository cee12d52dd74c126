using ConvLens.Graph;

namespace ConvLens.Circuits;

/// <summary>
/// Expands a target channel into a <see cref="CircuitGraph"/>, one layer at a time: each node's
/// producing convolution(s) (through BatchNorm, activations, pooling; both convolution branches of a
/// residual Add), then the top input channels of each by weights or, given measurements, by data.
/// </summary>
public static class CircuitGraphBuilder
{
    /// <summary>Builds the graph of channel <paramref name="channel"/> of <paramref name="layer"/>.</summary>
    /// <param name="graph">The network's graph.</param>
    /// <param name="layers">Its layer names.</param>
    /// <param name="layer">The target layer (name, alias or value).</param>
    /// <param name="channel">The target channel.</param>
    /// <param name="options">Depth, widths and ranking.</param>
    /// <param name="measure">
    /// Given the convolutions of one level, their dataset statistics (keyed by output value); null ranks by
    /// weights alone. Called once per level, so a dataset is read once per level.
    /// </param>
    /// <exception cref="ConvLensException">The target cannot be traced to a convolution, or the graph would exceed <see cref="CircuitGraphOptions.MaxNodes"/>.</exception>
    public static CircuitGraph Build(OnnxGraph graph, LayerCatalog layers, string layer, int channel, CircuitGraphOptions options,
        Func<IReadOnlyList<ConvLayer>, IReadOnlyDictionary<string, ConvInputStatistics>>? measure = null)
    {
        options.Validate();
        var resolved = layers.Resolve(layer);
        var rootTarget = ConvTracer.Locate(graph, resolved.Value, channel, resolved.DisplayName);
        var root = new CircuitNode(0, 0, resolved.Value, resolved.DisplayName, channel);
        root.Convs.Add(rootTarget.Conv.OutputValue);
        var nodes = new List<CircuitNode> { root };
        var index = new Dictionary<(string, int), CircuitNode> { [(root.Value, channel)] = root };
        var edges = new List<CircuitEdge>();
        var frontier = new List<(CircuitNode Node, IReadOnlyList<ConvChannel> Targets)> { (root, [rootTarget]) };

        for (int depth = 1; depth <= options.Depth && frontier.Count > 0; depth++)
        {
            int keep = depth == 1 ? options.Top : options.Fanout ?? options.Top;
            var statistics = measure?.Invoke(frontier.SelectMany(f => f.Targets).Select(t => t.Conv).DistinctBy(c => c.OutputValue).ToList());
            var created = new List<CircuitNode>();
            foreach (var (node, targets) in frontier)
                foreach (var target in targets)
                    foreach (var (slice, contribution, dataRank) in Choose(target, options.Metric, keep, statistics))
                    {
                        var key = (target.Conv.InputValue, slice.InputChannel);
                        if (!index.TryGetValue(key, out var child))
                        {
                            child = new CircuitNode(nodes.Count, depth, key.InputValue, layers.Find(key.InputValue)?.DisplayName ?? key.InputValue, slice.InputChannel);
                            index[key] = child;
                            nodes.Add(child);
                            created.Add(child);
                        }
                        edges.Add(new CircuitEdge(child.Id, node.Id, target.Conv.OutputValue, slice, contribution, dataRank));
                    }
            if (nodes.Count > options.MaxNodes)
                throw new ConvLensException(
                    $"the circuit of '{resolved.DisplayName}' channel {channel} has more than {options.MaxNodes} channels by depth {depth} " +
                    "(each needs a feature visualization); lower --depth, --top or --fanout, or raise --max-nodes");
            frontier = depth == options.Depth ? [] : created.Select(n => (n, Expand(graph, n))).Where(f => f.Item2.Count > 0).ToList();
        }
        return new CircuitGraph(nodes, edges, options.Depth, options.Metric, measure is not null);
    }

    /// <summary>Finds the convolutions that make a node's channel and notes its skips or why it stops.</summary>
    private static IReadOnlyList<ConvChannel> Expand(OnnxGraph graph, CircuitNode node)
    {
        var producers = ConvTracer.Producers(graph, node.Value, node.Channel);
        node.Convs.AddRange(producers.Convs.Select(c => c.Conv.OutputValue));
        node.Skips.AddRange(producers.Skips);
        node.Stop = producers.Stop;
        return producers.Convs;
    }

    /// <summary>The top <paramref name="keep"/> input channels of <paramref name="target"/>, by data when measured.</summary>
    private static IEnumerable<(KernelSlice Slice, double? Contribution, int? DataRank)> Choose(ConvChannel target, KernelRankMetric metric, int keep,
        IReadOnlyDictionary<string, ConvInputStatistics>? statistics)
    {
        var slices = KernelAnalyzer.Rank(target, metric);
        if (statistics is null) return slices.Take(keep).Select(s => (s, (double?)null, (int?)null));
        var measured = statistics[target.Conv.OutputValue];
        var ranking = ContributionRanking.Compare(slices, metric, keep, target.Conv.FirstInputOf(target.Channel),
            measured.MeanContributions(target), measured.Images, measured.Positions);
        var byChannel = slices.ToDictionary(s => s.InputChannel);
        return ranking.TopEntries.Select(e => (byChannel[e.InputChannel], (double?)e.Contribution, (int?)e.DataRank));
    }
}
