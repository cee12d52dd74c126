namespace ConvLens.Graph;

/// <summary>
/// Rewrites <c>ceil_mode=1</c> pooling as <c>ceil_mode=0</c> with the end padding that yields the same
/// windows. ONNX Runtime's static shape inference disagrees with its own kernels (and the ONNX spec) when
/// the last ceil-mode window would start inside the padding (input 7, pads 1/1, kernel 2, stride 2:
/// inference says 5, the kernel computes 4); with explicit padding both agree, so the shapes ConvLens
/// declares for gradient seeds are the shapes the kernels produce. The rewrite is exact for MaxPool
/// (padding is −∞) and for AveragePool without <c>count_include_pad</c> (padding is not counted). An
/// AveragePool with <c>count_include_pad=1</c> counts its own padding but not a ceil-mode window's overhang
/// past it, so its padding becomes an explicit zero <c>Pad</c> (real values, counted) and the pool then
/// excludes only the overhang.
/// </summary>
public static class CeilModePoolRewriter
{
    /// <summary>Rewrites every eligible pool of <paramref name="model"/> in place; needs input shapes (run shape inference first).</summary>
    /// <returns>The number of pools rewritten.</returns>
    public static int Rewrite(OnnxModel model)
    {
        int rewritten = 0;
        var padNodes = new List<Node>();
        var taken = model.Graph.AllValueNames();
        foreach (var node in model.Graph.Nodes)
        {
            if (node.OpType is not ("MaxPool" or "AveragePool") || node.Int("ceil_mode", 0) == 0) continue;
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
            if (node.OpType == "AveragePool" && node.Int("count_include_pad", 0) != 0)
            {
                // The explicit zeros are data now; what the pool pads beyond them is the overhang alone. Without
                // padding of its own there is nothing to make explicit: only the overhang was ever excluded.
                var original = node.Ints("pads") ?? new long[2 * spatial];
                if (original.Any(p => p != 0)) padNodes.Add(ExplicitPad(model.Graph, node, spatial, original, taken));
                for (int i = 0; i < spatial; i++)
                {
                    pads[spatial + i] -= original[spatial + i];
                    pads[i] = 0;
                }
                node.With("count_include_pad", 0L);
            }
            node.With("pads", pads).With("ceil_mode", 0L);
            rewritten++;
        }
        if (padNodes.Count > 0)
        {
            model.Graph.Nodes.AddRange(padNodes);
            model.Graph.SortTopologically();
        }
        return rewritten;
    }

    /// <summary>A zero <c>Pad</c> of the pool's input by its own pads; the pool is rewired to read it.</summary>
    private static Node ExplicitPad(OnnxGraph graph, Node pool, int spatial, long[] poolPads, ISet<string> taken)
    {
        // ONNX Pad lists all begins, then all ends, over every axis (batch and channel unpadded).
        var padAmounts = new long[2 * (spatial + 2)];
        for (int i = 0; i < spatial; i++)
        {
            padAmounts[2 + i] = poolPads[i];
            padAmounts[spatial + 4 + i] = poolPads[spatial + i];
        }
        // Names are taken as they are made: two such pools may read the same tensor.
        var amounts = graph.UniqueName($"{pool.DisplayName}/explicit_pads", taken);
        taken.Add(amounts);
        graph.Initializers[amounts] = ConstTensor.Vector(padAmounts);
        var padded = graph.UniqueName($"{pool.Inputs[0]}/padded", taken);
        taken.Add(padded);
        var pad = new Node("Pad", [pool.Inputs[0], amounts], [padded], padded).With("mode", "constant");
        pool.Inputs[0] = padded;
        return pad;
    }
}
