using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference <c>Conv</c>: direct summation in double over every output, input channel and tap.</summary>
internal static class RefConvolution
{
    /// <summary>Y[n,m] = B[m] + sum over the group's channels c and taps k of X[n, c, out*stride - pad + k*dilation] * W[m, c, k].</summary>
    public static RefTensor Conv(Node node, RefTensor x, RefTensor w, RefTensor? bias)
    {
        long n = x.Shape[0], channels = x.Shape[1], filters = w.Shape[0], groupChannels = w.Shape[1];
        long group = node.Int("group", 1);
        if (channels != groupChannels * group) throw new ArgumentException($"reference {node}: {channels} channels vs weight {w}, group {group}");
        long filtersPerGroup = filters / group;
        var win = RefWindow.Of(node, x.Shape[RefWindow.LeadingAxes..], w.Shape[RefWindow.LeadingAxes..]);
        var (i, k, o) = (win.Input, win.Kernel, win.Output);
        var y = new RefTensor([n, filters, .. o[(3 - (x.Rank - RefWindow.LeadingAxes))..]]);
        long inPlane = i[0] * i[1] * i[2], kPlane = k[0] * k[1] * k[2], outPlane = o[0] * o[1] * o[2];
        for (long b = 0; b < n; b++)
            for (long m = 0; m < filters; m++)
            {
                long firstChannel = m / filtersPerGroup * groupChannels;
                for (long oz = 0; oz < o[0]; oz++)
                    for (long oy = 0; oy < o[1]; oy++)
                        for (long ox = 0; ox < o[2]; ox++)
                        {
                            double sum = bias?.Data[m] ?? 0;
                            for (long c = 0; c < groupChannels; c++)
                            {
                                long xBase = (b * channels + firstChannel + c) * inPlane, wBase = (m * groupChannels + c) * kPlane;
                                for (long kz = 0; kz < k[0]; kz++)
                                {
                                    long iz = oz * win.Strides[0] - win.PadBegin[0] + kz * win.Dilations[0];
                                    if (iz < 0 || iz >= i[0]) continue;
                                    for (long ky = 0; ky < k[1]; ky++)
                                    {
                                        long iy = oy * win.Strides[1] - win.PadBegin[1] + ky * win.Dilations[1];
                                        if (iy < 0 || iy >= i[1]) continue;
                                        for (long kx = 0; kx < k[2]; kx++)
                                        {
                                            long ix = ox * win.Strides[2] - win.PadBegin[2] + kx * win.Dilations[2];
                                            if (ix < 0 || ix >= i[2]) continue;
                                            sum += x.Data[xBase + (iz * i[1] + iy) * i[2] + ix] * w.Data[wBase + (kz * k[1] + ky) * k[2] + kx];
                                        }
                                    }
                                }
                            }
                            y.Data[(b * filters + m) * outPlane + (oz * o[1] + oy) * o[2] + ox] = sum;
                        }
            }
        return y;
    }
}
