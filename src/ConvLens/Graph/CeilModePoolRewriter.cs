namespace ConvLens.Graph;

/// <summary>
/// Rewrites <c>ceil_mode=1</c> pooling as <c>ceil_mode=0</c> with the end padding that yields the same
/// windows. ONNX Runtime's static shape inference disagrees with its own kernels (and the ONNX spec) when
/// the last ceil-mode window would start inside the padding (input 7, pads 1/1, kernel 2, stride 2:
/// inference says 5, the kernel computes 4); with explicit padding both agree, so the shapes ConvLens
/// declares for gradient seeds are the shapes the kernels produce. The rewrite is exact for MaxPool
/// (padding is −∞) and for AveragePool without <c>count_include_pad</c> (padding is not counted).
/// </summary>
public static class CeilModePoolRewriter
{
    /// <summary>Rewrites every eligible pool of <paramref name="model"/> in place; needs input shapes (run shape inference first).</summary>
    /// <returns>The number of pools rewritten.</returns>
    public static int Rewrite(OnnxModel model)
    {
        int rewritten = 0;
        foreach (var node in model.Graph.Nodes)
        {
            if (node.OpType is not ("MaxPool" or "AveragePool") || node.Int("ceil_mode", 0) == 0) continue;
            if (node.OpType == "AveragePool" && node.Int("count_include_pad", 0) != 0) continue;
            if (node.String("auto_pad", "NOTSET") is not ("NOTSET" or "")) continue;
            var shape = model.Graph.ShapeOf(node.Inputs[0]);
            var kernel = node.Ints("kernel_shape");
            if (shape is null || kernel is null || shape.Rank != kernel.Length + 2) continue;
            int spatial = kernel.Length;
            var strides = node.Ints("strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var dilations = node.Ints("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var pads = (node.Ints("pads") ?? new long[2 * spatial]).ToArray();
            bool known = true;
            for (int i = 0; i < spatial && known; i++)
            {
                if (!shape[2 + i].IsKnown) { known = false; break; }
                long input = shape[2 + i].Value, extent = (kernel[i] - 1) * dilations[i] + 1;
                long span = input + pads[i] + pads[spatial + i] - extent;
                long outputs = (long)Math.Ceiling(span / (double)strides[i]) + 1;
                // ONNX: a ceil-mode window that would start in the end padding is dropped.
                if ((outputs - 1) * strides[i] >= input + pads[i]) outputs--;
                pads[spatial + i] = Math.Max(pads[spatial + i], (outputs - 1) * strides[i] + extent - input - pads[i]);
            }
            if (!known) continue;
            node.With("pads", pads).With("ceil_mode", 0L);
            rewritten++;
        }
        return rewritten;
    }
}
