using ConvLens.Graph;

namespace ConvLens.Circuits;

/// <summary>
/// Traces the value a convolution reads back to where its channels come from: through activations,
/// BatchNorm, pooling and padding to the previous convolution, and at a residual Add or a Concat into
/// each branch (naming which branch owns which channels).
/// </summary>
public static class InputTracer
{
    /// <summary>How many joins deep branches are traced (a ResNet's residual stream would otherwise be traced to the stem).</summary>
    public const int MaxJoinDepth = 2;

    /// <summary>Where <paramref name="value"/>'s channels come from.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="value">A value name.</param>
    /// <param name="layers">Names values as users know them; null shows value names.</param>
    public static InputSource Trace(OnnxGraph graph, string value, LayerCatalog? layers = null) =>
        Trace(graph, graph.ProducerIndex(), value, layers, 0);

    private static InputSource Trace(OnnxGraph graph, Dictionary<string, Node> producers, string value, LayerCatalog? layers, int depth)
    {
        var path = new List<string>();
        var visited = new List<string> { value };
        var current = value;
        while (true)
        {
            // A prepended preprocessing preset belongs to the input: its output is the image as the model takes it.
            if (!producers.TryGetValue(current, out var node) || node.Name.StartsWith(Layer.PreprocessingPrefix, StringComparison.Ordinal))
                return Source(InputSourceKind.GraphInput, null, current, []);
            if (node.OpType == "Conv")
                return Source(InputSourceKind.Conv, node, LayerMadeBy(visited, layers), []);
            if (ChannelwiseOps.TryPassThrough(graph, node, -1, out var input, out _))
            {
                path.Add(ConvTracer.Describe(node, 1));
                current = input;
                visited.Add(current);
                continue;
            }
            bool concat = ChannelwiseOps.ConcatenatesChannels(graph, node);
            if ((concat || ChannelwiseOps.IsJoin(graph, node)) && depth < MaxJoinDepth)
                return Source(concat ? InputSourceKind.Concat : InputSourceKind.Join, node, Name(value, layers), Branches(graph, producers, node, concat, layers, depth));
            return Source(concat ? InputSourceKind.Concat : ChannelwiseOps.IsJoin(graph, node) ? InputSourceKind.Join : InputSourceKind.Other, node, Name(value, layers), []);
        }

        InputSource Source(InputSourceKind kind, Node? stop, string layerName, IReadOnlyList<InputBranch> branches) =>
            new(value, Name(value, layers), kind, path, stop?.Outputs[0], layerName, branches);
    }

    private static List<InputBranch> Branches(OnnxGraph graph, Dictionary<string, Node> producers, Node node, bool concat, LayerCatalog? layers, int depth)
    {
        var branches = new List<InputBranch>();
        int offset = 0;
        foreach (var input in ChannelwiseOps.NonConstantInputs(graph, node))
        {
            int channels = ConvTracer.ChannelCount(graph, input) ?? 0;
            branches.Add(new InputBranch(concat ? offset : 0, channels, Trace(graph, producers, input, layers, depth + 1)));
            offset += channels;
        }
        return branches;
    }

    /// <summary>
    /// The name of the layer a convolution makes: walking forward from the convolution's output, the
    /// first value that has a Keras name or alias (<c>block3_conv1</c>, <c>conv5</c>), else the conv output.
    /// </summary>
    private static string LayerMadeBy(List<string> visitedFromInput, LayerCatalog? layers)
    {
        if (layers is null) return visitedFromInput[^1];
        for (int i = visitedFromInput.Count - 1; i >= 0; i--)
            if (layers.Find(visitedFromInput[i]) is { Aliases.Count: > 0 } layer) return layer.DisplayName;
        return visitedFromInput[^1];
    }

    private static string Name(string value, LayerCatalog? layers) => layers?.Find(value)?.DisplayName ?? value;
}
