using ConvLens.Graph;

namespace ConvLens.Circuits;

/// <summary>
/// The operators a circuit walk passes through because they keep channel c in channel c: activations,
/// pooling, padding and resizing of axes other than channels, BatchNormalization and per-channel constant
/// arithmetic. Each step reports the factor it multiplies channel c by (BatchNorm's γ/√(σ²+ε), a constant
/// Mul, a Neg), so that weight rankings taken through it keep their meaning and sign.
/// </summary>
internal static class ChannelwiseOps
{
    /// <summary>Elementwise functions that are non-decreasing (or close: GELU, HardSwish) and so keep a channel's sense.</summary>
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "HardSigmoid", "Tanh", "Elu", "Selu", "Celu", "Softplus",
        "Softsign", "ThresholdedRelu", "HardSwish", "Gelu", "Mish", "Identity", "Dropout",
    };

    /// <summary>Operators that mix positions but never channels.</summary>
    private static readonly HashSet<string> Spatial = new(StringComparer.Ordinal)
    {
        "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "LRN",
    };

    /// <summary>
    /// When <paramref name="node"/> keeps channels where they are, the input to follow and the factor
    /// it applies to <paramref name="channel"/> (1 when <paramref name="channel"/> is negative: whole-tensor walks
    /// need no factor). False for anything else (a convolution, a join, a reshape).
    /// </summary>
    /// <exception cref="ConvLensException">A BatchNormalization or constant factor that cannot be read.</exception>
    public static bool TryPassThrough(OnnxGraph graph, Node node, int channel, out string input, out double factor)
    {
        input = node.InputOrEmpty(0);
        factor = 1;
        if (Activations.Contains(node.OpType) || Spatial.Contains(node.OpType)) return true;
        switch (node.OpType)
        {
            case "Pad":
                return !PadsChannels(graph, node);
            case "Resize" or "Upsample":
                return !ResizesChannels(graph, node);
            case "BatchNormalization":
                if (channel >= 0) factor = BatchNormScale(graph, node, channel);
                return true;
            case "Neg":
                factor = -1;
                return true;
            case "Add" or "Sub" or "Mul" or "Div":
                return TryConstantArithmetic(graph, node, channel, out input, out factor);
            default:
                return false;
        }
    }

    /// <summary>True for an Add or Sum joining two or more computed values (a residual connection).</summary>
    public static bool IsJoin(OnnxGraph graph, Node node) =>
        node.OpType is "Add" or "Sum" && NonConstantInputs(graph, node).Count() > 1;

    /// <summary>The inputs of <paramref name="node"/> that are computed, not stored.</summary>
    public static IEnumerable<string> NonConstantInputs(OnnxGraph graph, Node node) =>
        node.Inputs.Where(i => i.Length > 0 && !graph.Initializers.ContainsKey(i));

    /// <summary>True for a Concat along the channel axis (axis 1 of NCHW).</summary>
    public static bool ConcatenatesChannels(OnnxGraph graph, Node node)
    {
        if (node.OpType != "Concat") return false;
        long axis = node.Int("axis", 1);
        int rank = graph.ShapeOf(node.Outputs[0])?.Rank ?? 4;
        return axis == 1 || axis == 1 - rank;
    }

    /// <summary>γ/√(σ²+ε) of BatchNormalization <paramref name="node"/> for <paramref name="channel"/>, in double.</summary>
    public static double BatchNormScale(OnnxGraph graph, Node node, int channel)
    {
        var scale = Constant(graph, node, 1, "scale");
        var variance = Constant(graph, node, 4, "variance");
        double epsilon = node.Float("epsilon", 1e-5f);
        return scale[channel] / Math.Sqrt(variance[channel] + epsilon);
    }

    private static float[] Constant(OnnxGraph graph, Node node, int index, string what) =>
        graph.Initializers.TryGetValue(node.InputOrEmpty(index), out var t) ? t.ToFloats()
            : throw new ConvLensException($"the {what} of {node} is computed in the graph; circuit analysis folds only stored BatchNorm parameters");

    /// <summary>True when a Pad adds channels (non-zero pads on axis 1), which moves channel indices.</summary>
    /// <remarks>Unknown (computed) pads count as padding channels, which stops the walk rather than misreading it.</remarks>
    private static bool PadsChannels(OnnxGraph graph, Node node) =>
        OperatorForms.PadAmounts(node, graph) is not { } pads || pads.Rank > 1 && !pads.Keeps(1);

    /// <summary>
    /// True when a Resize is known to change the channel count. The inferred shapes say so in every form
    /// (scales or sizes, Resize-18's <c>axes</c> and aspect-ratio policies); unknown counts pass, as image resizes keep channels.
    /// </summary>
    private static bool ResizesChannels(OnnxGraph graph, Node node)
    {
        var before = graph.ShapeOf(node.InputOrEmpty(0));
        var after = graph.ShapeOf(node.Outputs[0]);
        return before is { Rank: > 1 } && after is { Rank: > 1 } && before[1].IsKnown && after[1].IsKnown && before[1].Value != after[1].Value;
    }

    /// <summary>x ± constant, x × constant, x ÷ constant, constant − x, where the constant is a scalar or per channel.</summary>
    private static bool TryConstantArithmetic(OnnxGraph graph, Node node, int channel, out string input, out double factor)
    {
        input = "";
        factor = 1;
        var computed = NonConstantInputs(graph, node).ToList();
        if (computed.Count != 1 || node.Inputs.Count != 2) return false;
        input = computed[0];
        int constantIndex = node.Inputs[0] == input ? 1 : 0;
        var constant = graph.Initializers[node.Inputs[constantIndex]];
        if (!IsPerChannel(constant)) return false;
        switch (node.OpType)
        {
            case "Add":
                return true;
            case "Sub":
                factor = constantIndex == 0 ? -1 : 1;
                return true;
            case "Mul" when channel >= 0:
                factor = ChannelValue(constant, channel);
                return true;
            case "Div" when constantIndex == 1 && channel >= 0:
                factor = 1 / ChannelValue(constant, channel);
                return true;
            case "Mul":
            case "Div" when constantIndex == 1:
                return true;
            default:
                return false;
        }
    }

    /// <summary>A scalar, or a tensor broadcasting along the channel axis only ([C,1,1] or [1,C,1,1]).</summary>
    private static bool IsPerChannel(ConstTensor constant) =>
        constant.ElementCount == 1 || constant.Dims.Length is 3 or 4 && constant.Dims.Count(d => d != 1) <= 1
            && constant.Dims[^3] == constant.ElementCount;

    private static double ChannelValue(ConstTensor constant, int channel)
    {
        var values = constant.ToFloats();
        return values.Length == 1 ? values[0] : values[channel];
    }
}
