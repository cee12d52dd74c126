using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference BatchNormalization (inference), LayerNormalization, InstanceNormalization, GroupNormalization, LRN, Softmax and LogSoftmax.</summary>
internal static class RefNormalization
{
    /// <summary>y = scale * (x - mean) / sqrt(var + epsilon) + B, per channel (axis 1).</summary>
    public static RefTensor BatchNormalization(Node node, RefTensor x, RefTensor scale, RefTensor bias, RefTensor mean, RefTensor variance)
    {
        if (node.Int("training_mode", 0) != 0) throw new NotSupportedException($"reference {node}: training_mode");
        double epsilon = node.Float("epsilon", 1e-5f);
        long channels = x.Shape[1], inner = x.ElementCount / x.Shape[0] / channels;
        var y = new RefTensor(x.Shape);
        for (long i = 0; i < x.ElementCount; i++)
        {
            long c = i / inner % channels;
            y.Data[i] = scale.Data[c] * (x.Data[i] - mean.Data[c]) / Math.Sqrt(variance.Data[c] + epsilon) + bias.Data[c];
        }
        return y;
    }

    /// <summary>
    /// LayerNormalization: each row of the axes from <c>axis</c> (default −1) on is normalised by its own
    /// mean and population variance, then scaled and shifted by Scale and B broadcast to the row's shape.
    /// Also returns Mean and InvStdDev, shaped like X with ones on the normalised axes.
    /// </summary>
    public static RefTensor[] LayerNormalization(Node node, RefTensor x, RefTensor scale, RefTensor? bias)
    {
        int axis = RefLayout.Axis(node.Int("axis", -1), x.Rank);
        var rowShape = x.Shape[axis..];
        long length = rowShape.Aggregate(1L, (a, d) => a * d);
        var s = RefElementwise.Expand(scale, rowShape);
        var b = bias is null ? new double[length] : RefElementwise.Expand(bias, rowShape);
        var (y, mean, invStd) = NormalizeRows(x, length, node.Float("epsilon", 1e-5f), (_, j) => (s[j], b[j]));
        var statShape = x.Shape.Select((d, a) => a < axis ? d : 1).ToArray();
        return [y, mean.Reshaped(statShape), invStd.Reshaped(statShape)];
    }

    /// <summary>InstanceNormalization: each (n, c) plane normalised, then scale[c]·x̂ + B[c].</summary>
    public static RefTensor InstanceNormalization(Node node, RefTensor x, RefTensor scale, RefTensor bias)
    {
        long channels = x.Shape[1], length = x.ElementCount / x.Shape[0] / channels;
        return NormalizeRows(x, length, node.Float("epsilon", 1e-5f), (row, _) => (scale.Data[row % channels], bias.Data[row % channels])).Y;
    }

    /// <summary>
    /// GroupNormalization: the channels of each sample split into <c>num_groups</c> consecutive groups,
    /// each normalised as one; scale and bias are per group before opset 21 and per channel from 21.
    /// </summary>
    public static RefTensor GroupNormalization(Node node, RefTensor x, RefTensor scale, RefTensor bias, long opset)
    {
        long groups = node.Int("num_groups", 0), channels = x.Shape[1];
        long spatial = x.ElementCount / x.Shape[0] / channels, length = channels / groups * spatial;
        return NormalizeRows(x, length, node.Float("epsilon", 1e-5f), (row, j) =>
        {
            long group = row % groups, channel = group * (channels / groups) + j / spatial;
            long k = opset >= 21 ? channel : group;
            return (scale.Data[k], bias.Data[k]);
        }).Y;
    }

    /// <summary>
    /// Normalises consecutive rows of <paramref name="length"/> elements: (x − mean)/√(var + ε), then
    /// scale·x̂ + bias with (scale, bias) = <paramref name="affine"/>(row, position in row).
    /// </summary>
    private static (RefTensor Y, RefTensor Mean, RefTensor InvStd) NormalizeRows(RefTensor x, long length, double epsilon, Func<long, long, (double Scale, double Bias)> affine)
    {
        long rows = x.ElementCount / length;
        var y = new RefTensor(x.Shape);
        var mean = new RefTensor([rows]);
        var invStd = new RefTensor([rows]);
        for (long r = 0; r < rows; r++)
        {
            var row = x.Data.AsSpan((int)(r * length), (int)length);
            double m = 0, v = 0;
            foreach (var e in row) m += e;
            m /= length;
            foreach (var e in row) v += (e - m) * (e - m);
            double inv = 1 / Math.Sqrt(v / length + epsilon);
            for (long j = 0; j < length; j++)
            {
                var (s, b) = affine(r, j);
                y.Data[r * length + j] = s * (row[(int)j] - m) * inv + b;
            }
            mean.Data[r] = m;
            invStd.Data[r] = inv;
        }
        return (y, mean, invStd);
    }

    /// <summary>
    /// LRN as ONNX defines it: square_sum over channels c - floor((size-1)/2) .. c + ceil((size-1)/2)
    /// (clipped to the valid range); y = x / (bias + alpha / size * square_sum) ^ beta.
    /// </summary>
    public static RefTensor Lrn(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 1e-4f), beta = node.Float("beta", 0.75f), bias = node.Float("bias", 1);
        long size = node.Int("size", 1);
        long channels = x.Shape[1], inner = x.ElementCount / x.Shape[0] / channels;
        long below = (size - 1) / 2, above = size - 1 - below;
        var y = new RefTensor(x.Shape);
        for (long i = 0; i < x.ElementCount; i++)
        {
            long c = i / inner % channels, channelZero = i - c * inner;
            double squareSum = 0;
            for (long k = Math.Max(0, c - below); k <= Math.Min(channels - 1, c + above); k++)
                squareSum += x.Data[channelZero + k * inner] * x.Data[channelZero + k * inner];
            y.Data[i] = x.Data[i] / Math.Pow(bias + alpha / size * squareSum, beta);
        }
        return y;
    }

    /// <summary>
    /// Softmax (or LogSoftmax) over <c>axis</c>: from opset 13 that one axis (default -1); before, the
    /// input is seen as 2-D [before axis, from axis on] (default axis 1) and normalised per row.
    /// </summary>
    public static RefTensor Softmax(Node node, RefTensor x, long opset, bool log)
    {
        int axis = RefLayout.Axis(node.Int("axis", opset >= 13 ? -1 : 1), x.Rank);
        long outer = x.Shape[..axis].Aggregate(1L, (a, d) => a * d);
        long length = opset >= 13 ? x.Shape[axis] : x.ElementCount / outer;
        long inner = x.ElementCount / outer / length;
        var y = new RefTensor(x.Shape);
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long Offset(long k) => (o * length + k) * inner + i;
                double max = double.NegativeInfinity, sum = 0;
                for (long k = 0; k < length; k++) max = Math.Max(max, x.Data[Offset(k)]);
                for (long k = 0; k < length; k++) sum += Math.Exp(x.Data[Offset(k)] - max);
                for (long k = 0; k < length; k++)
                    y.Data[Offset(k)] = log ? x.Data[Offset(k)] - max - Math.Log(sum) : Math.Exp(x.Data[Offset(k)] - max) / sum;
            }
        return y;
    }
}
