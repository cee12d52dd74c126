using ConvLens.Runtime;

namespace ConvLens.Circuits;

/// <summary>
/// Accumulates, over a dataset, what the data-grounded contribution of every input channel to every
/// output channel of one convolution needs: for each input channel and kernel tap, the sum of the input
/// activations that tap reads over all output positions (zero padding reads nothing). The mean
/// contribution of input channel j to output channel c is then
/// <c>scale · Σ_taps W[c, j, tap] · sum[j, tap] / positions</c>, the mean over images and positions
/// of the j-th term of the convolution's pre-bias output, so the accumulated sums serve every target of
/// the convolution at once.
/// </summary>
public sealed class ConvInputStatistics
{
    private readonly double[] _tapSums;

    /// <summary>Starts empty statistics for <paramref name="conv"/>.</summary>
    public ConvInputStatistics(ConvLayer conv)
    {
        Conv = conv;
        _tapSums = new double[conv.InChannels * conv.KernelHeight * conv.KernelWidth];
    }

    /// <summary>The convolution.</summary>
    public ConvLayer Conv { get; }

    /// <summary>Images added so far.</summary>
    public int Images { get; private set; }

    /// <summary>Output positions seen so far (images × output height × output width).</summary>
    public long Positions { get; private set; }

    /// <summary>Adds a batch of the convolution's input activations, shape (N, C, H, W).</summary>
    /// <exception cref="ArgumentException">The tensor is not 4-D with the convolution's input channel count.</exception>
    public void Add(FloatTensor input)
    {
        if (input.Shape.Length != 4 || input.Shape[1] != Conv.InChannels)
            throw new ArgumentException($"{Conv.Node} reads {Conv.InChannels} channels; got a tensor {input.ShapeText}", nameof(input));
        int n = input.Shape[0], height = input.Shape[2], width = input.Shape[3];
        var (outHeight, outWidth) = Conv.OutputSize(height, width);
        int plane = height * width, taps = Conv.KernelHeight * Conv.KernelWidth;
        Parallel.For(0, Conv.InChannels, channel =>
        {
            for (int ky = 0; ky < Conv.KernelHeight; ky++)
                for (int kx = 0; kx < Conv.KernelWidth; kx++)
                {
                    double sum = 0;
                    for (int image = 0; image < n; image++)
                    {
                        var data = input.Data.AsSpan((image * Conv.InChannels + channel) * plane, plane);
                        for (int oy = 0; oy < outHeight; oy++)
                        {
                            int y = oy * Conv.StrideY - Conv.PadTop + ky * Conv.DilationY;
                            if (y < 0 || y >= height) continue;
                            for (int ox = 0; ox < outWidth; ox++)
                            {
                                int x = ox * Conv.StrideX - Conv.PadLeft + kx * Conv.DilationX;
                                if (x >= 0 && x < width) sum += data[y * width + x];
                            }
                        }
                    }
                    // Each (channel, tap) cell is written by one iteration only: no locking needed.
                    _tapSums[channel * taps + ky * Conv.KernelWidth + kx] += sum;
                }
        });
        Images += n;
        Positions += (long)n * outHeight * outWidth;
    }

    /// <summary>
    /// The mean contribution of each input channel of <paramref name="target"/>'s group to its channel
    /// (index 0 is the group's first input channel), in the units of the named layer (scale folded in).
    /// </summary>
    /// <exception cref="InvalidOperationException">No images were added.</exception>
    public double[] MeanContributions(ConvChannel target)
    {
        if (Positions == 0) throw new InvalidOperationException("no activations were added");
        if (!ReferenceEquals(target.Conv.Node, Conv.Node)) throw new ArgumentException($"{target.Conv.Node} is not {Conv.Node}", nameof(target));
        int first = Conv.FirstInputOf(target.Channel), taps = Conv.KernelHeight * Conv.KernelWidth;
        var result = new double[Conv.InChannelsPerGroup];
        for (int local = 0; local < result.Length; local++)
        {
            double sum = 0;
            for (int ky = 0; ky < Conv.KernelHeight; ky++)
                for (int kx = 0; kx < Conv.KernelWidth; kx++)
                    sum += (double)Conv.Weight(target.Channel, local, ky, kx) * _tapSums[(first + local) * taps + ky * Conv.KernelWidth + kx];
            result[local] = target.Scale * sum / Positions;
        }
        return result;
    }

    /// <summary>
    /// The per-position terms of one image: <c>[local input, output y, output x]</c>, the j-th input
    /// channel's share of <paramref name="target"/>'s pre-bias output (scale folded in). Summed over j they
    /// give <c>scale · (conv output − bias)</c> at every position.
    /// </summary>
    public static double[] PositionTerms(ConvChannel target, FloatTensor input, int image)
    {
        var conv = target.Conv;
        int height = input.Shape[2], width = input.Shape[3], plane = height * width;
        var (outHeight, outWidth) = conv.OutputSize(height, width);
        int first = conv.FirstInputOf(target.Channel);
        var terms = new double[conv.InChannelsPerGroup * outHeight * outWidth];
        for (int local = 0; local < conv.InChannelsPerGroup; local++)
        {
            var data = input.Data.AsSpan((image * conv.InChannels + first + local) * plane, plane);
            for (int oy = 0; oy < outHeight; oy++)
                for (int ox = 0; ox < outWidth; ox++)
                {
                    double sum = 0;
                    for (int ky = 0; ky < conv.KernelHeight; ky++)
                    {
                        int y = oy * conv.StrideY - conv.PadTop + ky * conv.DilationY;
                        if (y < 0 || y >= height) continue;
                        for (int kx = 0; kx < conv.KernelWidth; kx++)
                        {
                            int x = ox * conv.StrideX - conv.PadLeft + kx * conv.DilationX;
                            if (x >= 0 && x < width) sum += (double)conv.Weight(target.Channel, local, ky, kx) * data[y * width + x];
                        }
                    }
                    terms[(local * outHeight + oy) * outWidth + ox] = target.Scale * sum;
                }
        }
        return terms;
    }
}
