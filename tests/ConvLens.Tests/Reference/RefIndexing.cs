using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference operators that select and move elements: Concat, Split, Slice, Pad, Gather, GatherElements, Tile.</summary>
internal static class RefIndexing
{
    /// <summary>Concat along <c>axis</c>.</summary>
    public static RefTensor Concat(Node node, IReadOnlyList<RefTensor> xs)
    {
        int axis = RefLayout.Axis(node.Int("axis", 0), xs[0].Rank);
        var shape = (long[])xs[0].Shape.Clone();
        shape[axis] = xs.Sum(x => x.Shape[axis]);
        var y = new RefTensor(shape, null, xs[0].ElementType);
        long outer = shape[..axis].Aggregate(1L, (a, d) => a * d), inner = shape[(axis + 1)..].Aggregate(1L, (a, d) => a * d);
        long at = 0;
        foreach (var x in xs)
        {
            long rows = x.Shape[axis] * inner;
            for (long o = 0; o < outer; o++)
                Array.Copy(x.Data, o * rows, y.Data, o * shape[axis] * inner + at, rows);
            at += rows;
        }
        return y;
    }

    /// <summary>Split along <c>axis</c>: sizes from the split input (opset 13+) or attribute, else equal parts (the last smaller with num_outputs).</summary>
    public static RefTensor[] Split(Node node, RefTensor x, RefTensor? splitTensor)
    {
        int axis = RefLayout.Axis(node.Int("axis", 0), x.Rank), parts = node.Outputs.Count;
        long size = x.Shape[axis];
        var sizes = splitTensor?.ToLongs() ?? node.Ints("split") ?? Enumerable.Range(0, parts)
            .Select(i => Math.Min((size + parts - 1) / parts, size - i * ((size + parts - 1) / parts))).ToArray();
        var result = new RefTensor[sizes.Length];
        long start = 0;
        for (int p = 0; p < sizes.Length; p++)
        {
            result[p] = SliceAxes(x, [axis], [start], [sizes[p]], [1]);
            start += sizes[p];
        }
        return result;
    }

    /// <summary>
    /// Slice: starts, ends, axes and steps as inputs (opset 10+) or attributes (before). Negative
    /// starts and ends count from the end; both are clamped as the spec says, which depends on the step's sign.
    /// </summary>
    public static RefTensor Slice(Node node, RefTensor x, RefTensor? starts, RefTensor? ends, RefTensor? axesT, RefTensor? stepsT)
    {
        var s = starts?.ToLongs() ?? node.Ints("starts")!;
        var e = ends?.ToLongs() ?? node.Ints("ends")!;
        var axes = (axesT?.ToLongs() ?? node.Ints("axes") ?? Enumerable.Range(0, s.Length).Select(i => (long)i).ToArray())
            .Select(a => RefLayout.Axis(a, x.Rank)).ToArray();
        var steps = stepsT?.ToLongs() ?? Enumerable.Repeat(1L, s.Length).ToArray();
        var first = new long[axes.Length];
        var counts = new long[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            long dim = x.Shape[axes[i]], step = steps[i];
            long start = s[i] < 0 ? s[i] + dim : s[i], end = e[i] < 0 ? e[i] + dim : e[i];
            if (step > 0) { start = Math.Clamp(start, 0, dim); end = Math.Clamp(end, 0, dim); }
            else { start = Math.Clamp(start, 0, dim - 1); end = Math.Clamp(end, -1, dim - 1); }
            first[i] = start;
            counts[i] = Math.Max(0, step > 0 ? (end - start + step - 1) / step : (start - end - step - 1) / -step);
        }
        return SliceAxes(x, axes, first, counts, steps);
    }

    /// <summary>Elements first + i * step (i below count) along each of <paramref name="axes"/>; other axes whole.</summary>
    public static RefTensor SliceAxes(RefTensor x, int[] axes, long[] first, long[] counts, long[] steps)
    {
        var shape = (long[])x.Shape.Clone();
        var start = new long[x.Rank];
        var step = Enumerable.Repeat(1L, x.Rank).ToArray();
        for (int i = 0; i < axes.Length; i++) { shape[axes[i]] = counts[i]; start[axes[i]] = first[i]; step[axes[i]] = steps[i]; }
        var y = new RefTensor(shape, null, x.ElementType);
        var strides = x.Strides;
        for (long o = 0; o < y.ElementCount; o++)
        {
            var index = RefTensor.IndexOf(o, shape);
            long offset = 0;
            for (int a = 0; a < x.Rank; a++) offset += (start[a] + index[a] * step[a]) * strides[a];
            y.Data[o] = x.Data[offset];
        }
        return y;
    }

    /// <summary>Pad (constant, edge or reflect): pads [begins..., ends...] from the input (opset 11+) or attribute, negative pads crop.</summary>
    public static RefTensor Pad(Node node, RefTensor x, RefTensor? padsT, RefTensor? valueT, RefTensor? axesT)
    {
        var raw = padsT?.ToLongs() ?? node.Ints("pads")!;
        var axes = axesT?.ToLongs().Select(a => RefLayout.Axis(a, x.Rank)).ToArray() ?? Enumerable.Range(0, x.Rank).ToArray();
        var begin = new long[x.Rank];
        var end = new long[x.Rank];
        for (int i = 0; i < axes.Length; i++) { begin[axes[i]] = raw[i]; end[axes[i]] = raw[i + axes.Length]; }
        double value = valueT?.Data[0] ?? node.Float("value", 0);
        string mode = node.String("mode", "constant");
        var shape = x.Shape.Select((d, a) => d + begin[a] + end[a]).ToArray();
        var y = new RefTensor(shape, null, x.ElementType);
        var strides = x.Strides;
        for (long o = 0; o < y.ElementCount; o++)
        {
            var index = RefTensor.IndexOf(o, shape);
            long offset = 0;
            bool outside = false;
            for (int a = 0; a < x.Rank && !outside; a++)
            {
                long i = index[a] - begin[a], dim = x.Shape[a];
                if (i < 0 || i >= dim)
                {
                    if (mode == "constant") outside = true;
                    else if (mode == "edge") i = Math.Clamp(i, 0, dim - 1);
                    else if (mode == "reflect") i = Reflect(i, dim);
                    else throw new NotSupportedException($"reference {node}: Pad mode '{mode}'");
                }
                offset += i * strides[a];
            }
            y.Data[o] = outside ? value : x.Data[offset];
        }
        return y;
    }

    /// <summary>Gather along <c>axis</c> (negative indices count from the end).</summary>
    public static RefTensor Gather(Node node, RefTensor data, RefTensor indices)
    {
        int axis = RefLayout.Axis(node.Int("axis", 0), data.Rank);
        long dim = data.Shape[axis];
        long outer = data.Shape[..axis].Aggregate(1L, (a, d) => a * d), inner = data.Shape[(axis + 1)..].Aggregate(1L, (a, d) => a * d);
        var y = new RefTensor([.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]], null, data.ElementType);
        long at = 0;
        for (long o = 0; o < outer; o++)
            foreach (var raw in indices.ToLongs())
            {
                long i = raw < 0 ? raw + dim : raw;
                Array.Copy(data.Data, (o * dim + i) * inner, y.Data, at, inner);
                at += inner;
            }
        return y;
    }

    /// <summary>GatherElements: output[i] = data[i with its axis coordinate replaced by indices[i]] (negative indices count from the end).</summary>
    public static RefTensor GatherElements(Node node, RefTensor data, RefTensor indices)
    {
        int axis = RefLayout.Axis(node.Int("axis", 0), data.Rank);
        var y = new RefTensor(indices.Shape, null, data.ElementType);
        for (long o = 0; o < y.ElementCount; o++)
        {
            var index = RefTensor.IndexOf(o, indices.Shape);
            long i = (long)indices.Data[o];
            index[axis] = i < 0 ? i + data.Shape[axis] : i;
            y.Data[o] = data[index];
        }
        return y;
    }

    /// <summary>Tile: output[i] = input[i mod input shape], the output repeats[a] times as long on each axis a.</summary>
    public static RefTensor Tile(RefTensor x, RefTensor repeats)
    {
        var r = repeats.ToLongs();
        var shape = x.Shape.Select((d, a) => d * r[a]).ToArray();
        var y = new RefTensor(shape, null, x.ElementType);
        for (long o = 0; o < y.ElementCount; o++)
        {
            var index = RefTensor.IndexOf(o, shape);
            y.Data[o] = x[index.Select((i, a) => i % x.Shape[a]).ToArray()];
        }
        return y;
    }

    private static long Reflect(long i, long dim)
    {
        long period = 2 * (dim - 1);
        if (period == 0) return 0;
        i = ((i % period) + period) % period;
        return i < dim ? i : period - i;
    }
}
