using ConvLens.Graph;

namespace ConvLens.Circuits;

/// <summary>
/// Finds the convolution that builds a channel of a named layer, walking back through activations,
/// BatchNormalization, pooling and padding (folding their per-channel factors) and through channel
/// Concats (to the part that owns the channel).
/// </summary>
public static class ConvTracer
{
    /// <summary>The convolution channel behind channel <paramref name="channel"/> of value <paramref name="value"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="value">A value name (resolve user names with <see cref="LayerCatalog"/> first).</param>
    /// <param name="channel">The channel of <paramref name="value"/>.</param>
    /// <param name="displayName">The name the user gave, for messages.</param>
    /// <exception cref="ConvLensException">
    /// The walk reaches a residual Add (the channel is a sum of branches: the message names them), the
    /// graph input, or an operator that moves channels.
    /// </exception>
    public static ConvChannel Locate(OnnxGraph graph, string value, int channel, string? displayName = null)
    {
        displayName ??= value;
        CheckChannel(graph, value, channel, displayName);
        var producers = graph.ProducerIndex();
        var (current, currentChannel, scale, path) = WalkToStop(graph, producers, value, channel);
        if (!producers.TryGetValue(current, out var node))
            throw new ConvLensException($"'{displayName}' channel {channel} comes from the graph input '{current}' with no convolution in between");
        if (node.OpType == "Conv")
        {
            var conv = ConvLayer.Of(graph, node);
            if (currentChannel >= conv.OutChannels)
                throw new ConvLensException($"'{displayName}' has no channel {channel}: {node} has {conv.OutChannels} output channels");
            return new ConvChannel(conv, currentChannel, scale, path);
        }
        if (ChannelwiseOps.IsJoin(graph, node))
        {
            var branches = ChannelwiseOps.NonConstantInputs(graph, node).Select(b => DescribeBranch(graph, producers, b, currentChannel));
            throw new ConvLensException(
                $"'{displayName}' channel {channel} is the sum of the residual {node.OpType} '{node.DisplayName}' of " +
                $"{string.Join(" and ", branches)}: no single convolution builds it. Ask for one branch, such as --layer {NonConstant(graph, node)}.");
        }
        throw new ConvLensException(
            $"'{displayName}' channel {channel} is computed by {node}, which mixes channels in a way circuit analysis " +
            $"cannot follow back to a convolution{(path.Count > 0 ? $" (walked: {string.Join(" ← ", path)})" : "")}");
    }

    /// <summary>Checks <paramref name="channel"/> against the static channel count of <paramref name="value"/>.</summary>
    /// <exception cref="ConvLensException">The channel is out of range.</exception>
    public static void CheckChannel(OnnxGraph graph, string value, int channel, string displayName)
    {
        int? count = ChannelCount(graph, value);
        if (channel < 0 || count is { } c && channel >= c)
            throw new ConvLensException($"'{displayName}' has channels 0..{(count ?? 1) - 1}; channel {channel} is out of range");
    }

    /// <summary>
    /// The convolution channels that make channel <paramref name="channel"/> of <paramref name="value"/>:
    /// like <see cref="Locate"/>, but at a residual Add each branch that reaches a convolution is one
    /// producer and each branch that is itself a sum is a skip.
    /// </summary>
    public static ChannelProducers Producers(OnnxGraph graph, string value, int channel)
    {
        var producers = graph.ProducerIndex();
        var (current, currentChannel, scale, path) = WalkToStop(graph, producers, value, channel);
        if (!producers.TryGetValue(current, out var node)) return new ChannelProducers([], [], $"the network input '{current}'");
        if (node.OpType == "Conv") return new ChannelProducers([new ConvChannel(ConvLayer.Of(graph, node), currentChannel, scale, path)], [], null);
        if (!ChannelwiseOps.IsJoin(graph, node)) return new ChannelProducers([], [], $"{node}");
        var convs = new List<ConvChannel>();
        var skips = new List<string>();
        foreach (var branch in ChannelwiseOps.NonConstantInputs(graph, node))
        {
            var (end, endChannel, branchScale, branchPath) = WalkToStop(graph, producers, branch, currentChannel);
            if (producers.TryGetValue(end, out var stop) && stop.OpType == "Conv")
                convs.Add(new ConvChannel(ConvLayer.Of(graph, stop), endChannel, scale * branchScale,
                    [.. path, $"{node.OpType} '{node.DisplayName}'", .. branchPath]));
            else skips.Add(branch);
        }
        return new ChannelProducers(convs, skips, null);
    }

    /// <summary>Walks back through channel-preserving operators and channel Concats to the first other node's output.</summary>
    private static (string Value, int Channel, double Scale, List<string> Path) WalkToStop(OnnxGraph graph, Dictionary<string, Node> producers, string value, int channel)
    {
        var path = new List<string>();
        double scale = 1;
        while (producers.TryGetValue(value, out var node) && node.OpType != "Conv")
        {
            if (ChannelwiseOps.TryPassThrough(graph, node, channel, out var input, out var factor))
            {
                path.Add(Describe(node, factor));
                scale *= factor;
                value = input;
            }
            else if (ChannelwiseOps.ConcatenatesChannels(graph, node))
            {
                var (part, offset) = ConcatPart(graph, node, channel);
                path.Add($"Concat '{node.DisplayName}' (channels {offset}.. from '{part}')");
                value = part;
                channel -= offset;
            }
            else break;
        }
        return (value, channel, scale, path);
    }

    /// <summary>Which input of a channel Concat owns <paramref name="channel"/>, and the channel it starts at.</summary>
    internal static (string Part, int Offset) ConcatPart(OnnxGraph graph, Node concat, int channel)
    {
        int offset = 0;
        foreach (var part in concat.Inputs)
        {
            int width = ChannelCount(graph, part)
                ?? throw new ConvLensException($"the channel count of '{part}', an input of {concat}, is not known statically");
            if (channel < offset + width) return (part, offset);
            offset += width;
        }
        throw new ConvLensException($"{concat} has {offset} channels; channel {channel} is out of range");
    }

    /// <summary>The static channel count (dimension 1) of a value, or null.</summary>
    internal static int? ChannelCount(OnnxGraph graph, string value) =>
        graph.ShapeOf(value) is { Rank: >= 2 } s && s[1].IsKnown ? (int)s[1].Value : null;

    /// <summary>A path entry: the operator and, when it scales, the factor.</summary>
    internal static string Describe(Node node, double factor) =>
        factor == 1 ? $"{node.OpType} '{node.DisplayName}'" : $"{node.OpType} '{node.DisplayName}' (×{factor.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)})";

    private static string NonConstant(OnnxGraph graph, Node node) => ChannelwiseOps.NonConstantInputs(graph, node).First();

    private static string DescribeBranch(OnnxGraph graph, Dictionary<string, Node> producers, string branch, int channel)
    {
        var (end, _, _, _) = WalkToStop(graph, producers, branch, channel);
        if (!producers.TryGetValue(end, out var node)) return $"'{branch}' (from the graph input)";
        return node.OpType == "Conv" ? $"'{branch}' (from {node})"
            // An identity shortcut: the branch is itself a sum.
            : $"'{branch}' (a shortcut from {node})";
    }
}
