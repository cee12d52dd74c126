using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference shape and layout operators: they move elements, never change them.</summary>
internal static class RefLayout
{
    /// <summary>A possibly negative axis made non-negative.</summary>
    public static int Axis(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);

    /// <summary>Flatten to 2-D at <c>axis</c> (default 1).</summary>
    public static RefTensor Flatten(Node node, RefTensor x)
    {
        int axis = Axis(node.Int("axis", 1), x.Rank);
        long outer = x.Shape[..axis].Aggregate(1L, (a, d) => a * d);
        return x.Reshaped([outer, x.ElementCount / outer]);
    }

    /// <summary>Reshape: 0 copies the input's size (unless allowzero), -1 takes what is left.</summary>
    public static RefTensor Reshape(Node node, RefTensor x, RefTensor shapeTensor)
    {
        var shape = shapeTensor.ToLongs();
        bool allowZero = node.Int("allowzero", 0) != 0;
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] == 0 && !allowZero) shape[i] = x.Shape[i];
        int unknown = Array.IndexOf(shape, -1L);
        if (unknown >= 0) shape[unknown] = x.ElementCount / shape.Where(d => d != -1).Aggregate(1L, (a, d) => a * d);
        return x.Reshaped(shape);
    }

    /// <summary>Squeeze the given axes (input from opset 13, attribute before), or every axis of size 1.</summary>
    public static RefTensor Squeeze(Node node, RefTensor x, RefTensor? axesTensor)
    {
        var axes = (axesTensor?.ToLongs() ?? node.Ints("axes"))?.Select(a => Axis(a, x.Rank)).ToHashSet();
        return x.Reshaped(x.Shape.Where((d, i) => axes is null ? d != 1 : !axes.Contains(i)).ToArray());
    }

    /// <summary>Unsqueeze: axes (of the output) get a size of 1.</summary>
    public static RefTensor Unsqueeze(Node node, RefTensor x, RefTensor? axesTensor)
    {
        var raw = axesTensor?.ToLongs() ?? node.Ints("axes")!;
        int rank = x.Rank + raw.Length;
        var axes = raw.Select(a => Axis(a, rank)).ToHashSet();
        var shape = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) shape[i] = axes.Contains(i) ? 1 : x.Shape[j++];
        return x.Reshaped(shape);
    }

    /// <summary>Transpose by <c>perm</c> (default: reversed axes).</summary>
    public static RefTensor Transpose(Node node, RefTensor x)
    {
        var perm = node.Ints("perm") ?? Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i).ToArray();
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var strides = x.Strides;
        var y = new RefTensor(shape, null, x.ElementType);
        for (long o = 0; o < y.ElementCount; o++)
        {
            var index = RefTensor.IndexOf(o, shape);
            long offset = 0;
            for (int a = 0; a < perm.Length; a++) offset += index[a] * strides[perm[a]];
            y.Data[o] = x.Data[offset];
        }
        return y;
    }

    /// <summary>Concat along <c>axis</c>.</summary>
    public static RefTensor Concat(Node node, IReadOnlyList<RefTensor> xs)
    {
        int axis = Axis(node.Int("axis", 0), xs[0].Rank);
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
        int axis = Axis(node.Int("axis", 0), x.Rank), parts = node.Outputs.Count;
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
            .Select(a => Axis(a, x.Rank)).ToArray();
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
        var axes = axesT?.ToLongs().Select(a => Axis(a, x.Rank)).ToArray() ?? Enumerable.Range(0, x.Rank).ToArray();
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

    /// <summary>Shape (with the start/end attributes of opset 15).</summary>
    public static RefTensor Shape(Node node, RefTensor x)
    {
        int start = Axis(Math.Clamp(node.Int("start", 0), -x.Rank, x.Rank), x.Rank);
        int end = Axis(Math.Clamp(node.Int("end", x.Rank), -x.Rank, x.Rank), x.Rank);
        return RefTensor.Vector(x.Shape[start..Math.Max(start, end)]);
    }

    /// <summary>Gather along <c>axis</c> (negative indices count from the end).</summary>
    public static RefTensor Gather(Node node, RefTensor data, RefTensor indices)
    {
        int axis = Axis(node.Int("axis", 0), data.Rank);
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

    /// <summary>Cast: to integers truncates toward zero, to bool tests for non-zero; values stay doubles.</summary>
    public static RefTensor Cast(Node node, RefTensor x)
    {
        var to = (TensorElementType)node.Int("to", (long)TensorElementType.Float);
        var probe = new RefTensor([], [0], to);
        Func<double, double> convert = to == TensorElementType.Bool ? v => v != 0 ? 1 : 0 : probe.IsInteger ? Math.Truncate : v => v;
        return new RefTensor(x.Shape, Array.ConvertAll(x.Data, v => convert(v)), to);
    }

    /// <summary>ConstantOfShape: the value attribute (default float 0) repeated.</summary>
    public static RefTensor ConstantOfShape(Node node, RefTensor shape)
    {
        var value = node.Attributes.TryGetValue("value", out var a) && a.Tensor is { } t ? RefTensor.FromConst(t) : RefTensor.Scalar(0);
        var dims = shape.ToLongs();
        var count = dims.Aggregate(1L, (p, d) => p * d);
        return new RefTensor(dims, Enumerable.Repeat(value.Data[0], (int)count).ToArray(), value.ElementType);
    }

    private static long Reflect(long i, long dim)
    {
        long period = 2 * (dim - 1);
        if (period == 0) return 0;
        i = ((i % period) + period) % period;
        return i < dim ? i : period - i;
    }
}
