using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference Gemm and MatMul.</summary>
internal static class RefLinear
{
    /// <summary>Y = alpha * A' B' + beta * C, with A' and B' transposed as asked and C broadcast to [M, N].</summary>
    public static RefTensor Gemm(Node node, RefTensor a, RefTensor b, RefTensor? c)
    {
        bool transA = node.Int("transA", 0) != 0, transB = node.Int("transB", 0) != 0;
        double alpha = node.Float("alpha", 1), beta = node.Float("beta", 1);
        long m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        long n = transB ? b.Shape[0] : b.Shape[1];
        var bias = c is null ? null : RefElementwise.Expand(c, [m, n]);
        var y = new RefTensor([m, n]);
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++)
            {
                double sum = 0;
                for (long t = 0; t < k; t++)
                    sum += a.Data[transA ? t * m + i : i * k + t] * b.Data[transB ? j * k + t : t * n + j];
                y.Data[i * n + j] = alpha * sum + (bias is null ? 0 : beta * bias[i * n + j]);
            }
        return y;
    }

    /// <summary>
    /// numpy matmul: a 1-D first operand gets a leading 1 and a 1-D second operand a trailing 1 (both
    /// removed from the result); leading (batch) axes broadcast.
    /// </summary>
    public static RefTensor MatMul(RefTensor a, RefTensor b)
    {
        var a2 = a.Rank == 1 ? a.Reshaped([1, a.Shape[0]]) : a;
        var b2 = b.Rank == 1 ? b.Reshaped([b.Shape[0], 1]) : b;
        long m = a2.Shape[^2], k = a2.Shape[^1], n = b2.Shape[^1];
        if (b2.Shape[^2] != k) throw new ArgumentException($"reference MatMul: {a} x {b}");
        var batch = RefElementwise.BroadcastShape(a2.Shape[..^2], b2.Shape[..^2]);
        var left = RefElementwise.Expand(a2, [.. batch, m, k]);
        var right = RefElementwise.Expand(b2, [.. batch, k, n]);
        long batches = batch.Aggregate(1L, (p, d) => p * d);
        var data = new double[batches * m * n];
        for (long p = 0; p < batches; p++)
            for (long i = 0; i < m; i++)
                for (long j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (long t = 0; t < k; t++) sum += left[(p * m + i) * k + t] * right[(p * k + t) * n + j];
                    data[(p * m + i) * n + j] = sum;
                }
        var shape = new List<long>(batch);
        if (a.Rank > 1) shape.Add(m);
        if (b.Rank > 1) shape.Add(n);
        return new RefTensor(shape.ToArray(), data);
    }
}
