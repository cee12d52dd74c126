using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Geometry of a sliding-window operator (Conv, MaxPool, AveragePool) over 1 to 3 spatial axes, always
/// stated for 3 axes: lower ranks get leading axes of size 1, so one triple loop serves every rank.
/// Follows the ONNX spec: explicit <c>pads</c> as [begins..., ends...], or <c>auto_pad</c>.
/// </summary>
internal sealed record RefWindow(long[] Input, long[] Kernel, long[] Strides, long[] Dilations, long[] PadBegin, long[] PadEnd, long[] Output)
{
    /// <summary>The geometry of <paramref name="node"/> over an input with spatial sizes <paramref name="input"/>.</summary>
    public static RefWindow Of(Node node, long[] input, long[] kernel, bool ceilMode = false)
    {
        int k = input.Length;
        if (k is < 1 or > 3) throw new NotSupportedException($"reference {node}: {k} spatial axes (1 to 3 supported)");
        var strides = node.Ints("strides") ?? Ones(k);
        var dilations = node.Ints("dilations") ?? Ones(k);
        var pads = node.Ints("pads") ?? new long[2 * k];
        var begin = pads[..k];
        var end = pads[k..];
        var output = new long[k];
        var autoPad = node.String("auto_pad", "NOTSET");
        for (int i = 0; i < k; i++)
        {
            long span = (kernel[i] - 1) * dilations[i] + 1;
            switch (autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                    output[i] = (input[i] + strides[i] - 1) / strides[i];
                    long total = Math.Max(0, (output[i] - 1) * strides[i] + span - input[i]);
                    begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                    break;
                case "VALID":
                    begin[i] = end[i] = 0;
                    output[i] = (input[i] - span) / strides[i] + 1;
                    break;
                case "NOTSET" or "":
                    long room = input[i] + begin[i] + end[i] - span;
                    output[i] = (ceilMode ? (room + strides[i] - 1) / strides[i] : room / strides[i]) + 1;
                    // With ceil_mode a last window that would start inside the end padding is dropped (as PyTorch and ORT do).
                    if (ceilMode && (output[i] - 1) * strides[i] >= input[i] + begin[i]) output[i]--;
                    break;
                default: throw new NotSupportedException($"reference {node}: auto_pad '{autoPad}'");
            }
        }
        return new RefWindow(To3(input), To3(kernel), To3(strides), To3(dilations), To3(begin, 0), To3(end, 0), To3(output));
    }

    /// <summary>Number of leading (batch, channel) axes a tensor has before its spatial axes.</summary>
    public const int LeadingAxes = 2;

    private static long[] Ones(int k) => Enumerable.Repeat(1L, k).ToArray();

    private static long[] To3(long[] values, long fill = 1) => Enumerable.Repeat(fill, 3 - values.Length).Concat(values).ToArray();
}
