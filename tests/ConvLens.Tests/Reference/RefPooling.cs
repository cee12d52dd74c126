using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference pooling: MaxPool, AveragePool and their global forms.</summary>
internal static class RefPooling
{
    /// <summary>MaxPool: padding never wins (it counts as -inf).</summary>
    public static RefTensor MaxPool(Node node, RefTensor x) =>
        Pool(node, x, (values, _, _) => values.Count == 0 ? double.NegativeInfinity : values.Max());

    /// <summary>
    /// AveragePool: the sum of the window's in-bounds elements divided by their number, or with
    /// count_include_pad by the number of window positions inside the padded input.
    /// </summary>
    public static RefTensor AveragePool(Node node, RefTensor x)
    {
        bool includePad = node.Int("count_include_pad", 0) != 0;
        return Pool(node, x, (values, inPadded, _) => values.Sum() / (includePad ? inPadded : values.Count));
    }

    /// <summary>GlobalAveragePool / GlobalMaxPool: one value per (batch, channel) over every spatial position.</summary>
    public static RefTensor Global(RefTensor x, bool max)
    {
        long planes = x.Shape[0] * x.Shape[1], plane = x.ElementCount / planes;
        var y = new RefTensor([x.Shape[0], x.Shape[1], .. Enumerable.Repeat(1L, x.Rank - 2)]);
        for (long p = 0; p < planes; p++)
        {
            var values = new ArraySegment<double>(x.Data, (int)(p * plane), (int)plane);
            y.Data[p] = max ? values.Max() : values.Sum() / plane;
        }
        return y;
    }

    /// <summary>
    /// Applies <paramref name="reduce"/> to each window: it gets the in-bounds values, the number of window
    /// positions inside the padded input, and the window size.
    /// </summary>
    private static RefTensor Pool(Node node, RefTensor x, Func<List<double>, long, long, double> reduce)
    {
        var kernel = node.Ints("kernel_shape") ?? throw new ArgumentException($"reference {node}: kernel_shape is required");
        var win = RefWindow.Of(node, x.Shape[RefWindow.LeadingAxes..], kernel, node.Int("ceil_mode", 0) != 0);
        var (i, k, o) = (win.Input, win.Kernel, win.Output);
        long planes = x.Shape[0] * x.Shape[1];
        var y = new RefTensor([x.Shape[0], x.Shape[1], .. o[(3 - kernel.Length)..]]);
        long inPlane = i[0] * i[1] * i[2], outPlane = o[0] * o[1] * o[2];
        var values = new List<double>();
        for (long p = 0; p < planes; p++)
            for (long oz = 0; oz < o[0]; oz++)
                for (long oy = 0; oy < o[1]; oy++)
                    for (long ox = 0; ox < o[2]; ox++)
                    {
                        values.Clear();
                        long inPadded = 1;
                        long[] position = [oz, oy, ox];
                        for (int a = 0; a < 3; a++) inPadded *= PositionsInPaddedInput(win, a, position[a]);
                        for (long kz = 0; kz < k[0]; kz++)
                            for (long ky = 0; ky < k[1]; ky++)
                                for (long kx = 0; kx < k[2]; kx++)
                                {
                                    long iz = oz * win.Strides[0] - win.PadBegin[0] + kz * win.Dilations[0];
                                    long iy = oy * win.Strides[1] - win.PadBegin[1] + ky * win.Dilations[1];
                                    long ix = ox * win.Strides[2] - win.PadBegin[2] + kx * win.Dilations[2];
                                    if (iz < 0 || iz >= i[0] || iy < 0 || iy >= i[1] || ix < 0 || ix >= i[2]) continue;
                                    values.Add(x.Data[p * inPlane + (iz * i[1] + iy) * i[2] + ix]);
                                }
                        y.Data[p * outPlane + (oz * o[1] + oy) * o[2] + ox] = reduce(values, inPadded, k[0] * k[1] * k[2]);
                    }
        return y;
    }

    /// <summary>Taps of the window at <paramref name="position"/> along <paramref name="axis"/> that fall inside the input or its padding.</summary>
    private static long PositionsInPaddedInput(RefWindow win, int axis, long position)
    {
        long count = 0;
        for (long t = 0; t < win.Kernel[axis]; t++)
        {
            long at = position * win.Strides[axis] - win.PadBegin[axis] + t * win.Dilations[axis];
            if (at >= -win.PadBegin[axis] && at < win.Input[axis] + win.PadEnd[axis]) count++;
        }
        return count;
    }
}
