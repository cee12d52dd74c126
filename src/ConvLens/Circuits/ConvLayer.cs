using ConvLens.Graph;

namespace ConvLens.Circuits;

/// <summary>
/// A 2-D convolution of the graph with what circuit analysis needs: its weights (OIHW, as the graph
/// stores them), bias, groups and window geometry (strides, dilations and the padding resolved from
/// <c>pads</c> or <c>auto_pad</c>).
/// </summary>
public sealed class ConvLayer
{
    private ConvLayer(Node node, float[] weights, float[]? bias, long[] weightDims, int groups, TensorShape? inputShape)
    {
        Node = node;
        Weights = weights;
        Bias = bias;
        OutChannels = (int)weightDims[0];
        InChannelsPerGroup = (int)weightDims[1];
        KernelHeight = (int)weightDims[2];
        KernelWidth = (int)weightDims[3];
        Groups = groups;
        var strides = node.Ints("strides") ?? [1, 1];
        var dilations = node.Ints("dilations") ?? [1, 1];
        (StrideY, StrideX) = ((int)strides[0], (int)strides[1]);
        (DilationY, DilationX) = ((int)dilations[0], (int)dilations[1]);
        (PadTop, PadLeft, PadBottom, PadRight) = ResolvePads(node, inputShape, KernelHeight, KernelWidth);
    }

    /// <summary>The Conv node.</summary>
    public Node Node { get; }

    /// <summary>The value the convolution reads.</summary>
    public string InputValue => Node.Inputs[0];

    /// <summary>The value it writes (before any bias-free BatchNorm or activation).</summary>
    public string OutputValue => Node.Outputs[0];

    /// <summary>The kernels, OIHW: <c>[OutChannels, InChannelsPerGroup, KernelHeight, KernelWidth]</c>.</summary>
    public float[] Weights { get; }

    /// <summary>The bias per output channel, or null when the node has none.</summary>
    public float[]? Bias { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Input channels each output channel reads (all of them unless the convolution is grouped).</summary>
    public int InChannelsPerGroup { get; }

    /// <summary>Number of groups (the input channel count for a depthwise convolution).</summary>
    public int Groups { get; }

    /// <summary>Input channels of the whole convolution.</summary>
    public int InChannels => InChannelsPerGroup * Groups;

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride.</summary>
    public int StrideY { get; }

    /// <summary>Horizontal stride.</summary>
    public int StrideX { get; }

    /// <summary>Vertical dilation.</summary>
    public int DilationY { get; }

    /// <summary>Horizontal dilation.</summary>
    public int DilationX { get; }

    /// <summary>Zero rows added above the input.</summary>
    public int PadTop { get; }

    /// <summary>Zero columns added left of the input.</summary>
    public int PadLeft { get; }

    /// <summary>Zero rows added below the input.</summary>
    public int PadBottom { get; }

    /// <summary>Zero columns added right of the input.</summary>
    public int PadRight { get; }

    /// <summary>The first global input channel that output channel <paramref name="outChannel"/> reads.</summary>
    public int FirstInputOf(int outChannel) => outChannel / (OutChannels / Groups) * InChannelsPerGroup;

    /// <summary>Output height and width for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        ((height + PadTop + PadBottom - DilationY * (KernelHeight - 1) - 1) / StrideY + 1,
         (width + PadLeft + PadRight - DilationX * (KernelWidth - 1) - 1) / StrideX + 1);

    /// <summary>The weight of output channel <paramref name="outChannel"/>, group-local input <paramref name="local"/>, tap (<paramref name="ky"/>, <paramref name="kx"/>).</summary>
    public float Weight(int outChannel, int local, int ky, int kx) =>
        Weights[((outChannel * InChannelsPerGroup + local) * KernelHeight + ky) * KernelWidth + kx];

    /// <summary>Reads a Conv node of <paramref name="graph"/>.</summary>
    /// <exception cref="ConvLensException">It is not a 2-D convolution with constant weights.</exception>
    public static ConvLayer Of(OnnxGraph graph, Node node)
    {
        if (node.OpType != "Conv") throw new ConvLensException($"{node} is not a convolution");
        var weightName = node.InputOrEmpty(1);
        if (!graph.Initializers.TryGetValue(weightName, out var w))
            throw new ConvLensException($"the weights '{weightName}' of {node} are computed in the graph, not stored: circuit analysis needs constant kernels");
        if (w.Dims.Length != 4)
            throw new ConvLensException($"{node} is a {w.Dims.Length - 2}-D convolution (weights [{string.Join(", ", w.Dims)}]); circuit analysis handles 2-D convolutions");
        int groups = (int)node.Int("group", 1);
        if (groups < 1 || w.Dims[0] % groups != 0)
            throw new ConvLensException($"{node} has {w.Dims[0]} output channels, not divisible into {groups} groups");
        float[]? bias = null;
        if (node.HasInput(2))
            bias = graph.Initializers.TryGetValue(node.Inputs[2], out var b) ? b.ToFloats()
                : throw new ConvLensException($"the bias '{node.Inputs[2]}' of {node} is computed in the graph, not stored");
        return new ConvLayer(node, w.ToFloats(), bias, w.Dims, groups, graph.ShapeOf(node.Inputs[0]));
    }

    /// <summary>The padding: explicit <c>pads</c>, or what <c>auto_pad</c> SAME_* gives at the input's static size.</summary>
    private static (int Top, int Left, int Bottom, int Right) ResolvePads(Node node, TensorShape? input, int kernelHeight, int kernelWidth)
    {
        var mode = node.String("auto_pad", "NOTSET");
        if (mode is "NOTSET" or "")
        {
            var pads = node.Ints("pads") ?? [0, 0, 0, 0];
            return ((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
        }
        if (mode == "VALID") return (0, 0, 0, 0);
        if (input is not { Rank: 4 } || !input[2].IsKnown || !input[3].IsKnown)
            throw new ConvLensException($"{node} pads with auto_pad={mode}, which needs the input's static height and width; '{node.Inputs[0]}' is {input?.ToString() ?? "of unknown shape"}");
        var strides = node.Ints("strides") ?? [1, 1];
        var dilations = node.Ints("dilations") ?? [1, 1];
        (int Before, int After) Split(int axis, int kernelSize)
        {
            long size = input[2 + axis].Value, stride = strides[axis];
            long extent = (kernelSize - 1) * dilations[axis] + 1;
            long output = (size + stride - 1) / stride;
            long total = Math.Max(0, (output - 1) * stride + extent - size);
            // SAME_UPPER puts the odd extra row at the end, SAME_LOWER at the start.
            long before = mode == "SAME_LOWER" ? (total + 1) / 2 : total / 2;
            return ((int)before, (int)(total - before));
        }
        var (top, bottom) = Split(0, kernelHeight);
        var (left, right) = Split(1, kernelWidth);
        return (top, left, bottom, right);
    }
}
