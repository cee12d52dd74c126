using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceSumSquare, ReduceL1, ReduceL2, ReduceLogSumExp, ReduceProd.</summary>
internal static class RefReduce
{
    /// <summary>
    /// Reduces over the axes from the axes input (ReduceSum from opset 13, the others from 18) or
    /// attribute; no axes means every axis, or none with noop_with_empty_axes.
    /// </summary>
    public static RefTensor Reduce(Node node, RefTensor x, RefTensor? axesTensor)
    {
        var raw = axesTensor?.ToLongs() ?? node.Ints("axes") ?? [];
        // The no-op reduces over no axis: each element alone, so ReduceSumSquare still squares (as ORT does).
        bool noop = raw.Length == 0 && node.Int("noop_with_empty_axes", 0) != 0;
        var axes = noop ? [] : raw.Length == 0 ? Enumerable.Range(0, x.Rank).ToHashSet() : raw.Select(a => RefLayout.Axis(a, x.Rank)).ToHashSet();
        bool keepDims = node.Int("keepdims", 1) != 0;
        var kept = x.Shape.Select((d, a) => axes.Contains(a) ? 1 : d).ToArray();
        var groups = new List<double>[kept.Aggregate(1L, (p, d) => p * d)];
        for (int g = 0; g < groups.Length; g++) groups[g] = [];
        var keptStrides = RefTensor.StridesOf(kept);
        for (long i = 0; i < x.ElementCount; i++)
        {
            var index = RefTensor.IndexOf(i, x.Shape);
            long g = 0;
            for (int a = 0; a < x.Rank; a++) if (!axes.Contains(a)) g += index[a] * keptStrides[a];
            groups[g].Add(x.Data[i]);
        }
        Func<List<double>, double> reduce = node.OpType switch
        {
            "ReduceSum" => v => v.Sum(),
            "ReduceMean" => v => v.Average(),
            "ReduceMax" => v => v.Max(),
            "ReduceMin" => v => v.Min(),
            "ReduceSumSquare" => v => v.Sum(e => e * e),
            "ReduceL1" => v => v.Sum(Math.Abs),
            "ReduceL2" => v => Math.Sqrt(v.Sum(e => e * e)),
            "ReduceLogSumExp" => v => Math.Log(v.Sum(Math.Exp)),
            "ReduceProd" => v => v.Aggregate(1.0, (p, e) => p * e),
            _ => throw new NotSupportedException($"reference evaluator has no op '{node.OpType}' (node '{node.DisplayName}')"),
        };
        var shape = keepDims ? kept : x.Shape.Where((_, a) => !axes.Contains(a)).ToArray();
        return new RefTensor(shape, groups.Select(reduce).ToArray(), x.ElementType);
    }
}
