using static ConvLens.Graph.TensorIndexing;

namespace ConvLens.Graph;

/// <summary>
/// Evaluates the shape-arithmetic operators of <see cref="ConstantFolder"/> on constant tensors, with the
/// semantics of opset 13 and later. Every method returns null instead of guessing when its inputs are not
/// what the operator accepts: the node then stays in the graph and the runtime reports the problem.
/// </summary>
internal static class ConstantEvaluator
{
    /// <summary>Largest tensor, in elements, that is read or produced.</summary>
    public const long MaxElements = 4096;

    private static readonly HashSet<string> Operators =
    [
        "Identity", "Gather", "Unsqueeze", "Squeeze", "Concat", "Reshape", "Cast", "Slice", "Add", "Sub", "Mul", "Div",
        "ConstantOfShape", "Range", "Equal", "Where", "Expand", "Transpose",
    ];

    /// <summary>Whether <paramref name="opType"/> (default domain) is one this class evaluates.</summary>
    public static bool Supports(string opType) => Operators.Contains(opType);

    /// <summary>The node's single output, or null when it cannot be evaluated; absent optional inputs are null.</summary>
    public static ConstTensor? Evaluate(Node node, ConstTensor?[] inputs)
    {
        ConstTensor? In(int i) => i < inputs.Length ? inputs[i] : null;
        if (In(0) is not { } x) return null;
        return node.OpType switch
        {
            "Identity" => x,
            "Gather" when In(1) is { } indices => Gather(x, indices, node.Int("axis", 0)),
            "Unsqueeze" when (node.Ints("axes") ?? In(1)?.ToInt64s()) is { } axes => Unsqueeze(x, axes),
            "Squeeze" => Squeeze(x, node.Ints("axes") ?? In(1)?.ToInt64s()),
            "Concat" when inputs.All(t => t is not null) => Concat(inputs!, node.Int("axis", 0)),
            "Reshape" when In(1) is { } shape => Reshape(x, shape.ToInt64s(), node.Int("allowzero", 0) != 0),
            "Cast" => Cast(x, (TensorElementType)node.Int("to", 0)),
            "Slice" when In(1) is { } starts && In(2) is { } ends => Slice(x, starts.ToInt64s(), ends.ToInt64s(), In(3)?.ToInt64s(), In(4)?.ToInt64s()),
            "Add" or "Sub" or "Mul" or "Div" when In(1) is { } y => Arithmetic(node.OpType, x, y),
            "ConstantOfShape" => ConstantOfShape(x.ToInt64s(), node.Attributes.TryGetValue("value", out var v) ? v.Tensor : null),
            "Range" when In(1) is { } limit && In(2) is { } delta => Range(x, limit, delta),
            "Equal" when In(1) is { } y => Equal(x, y),
            "Where" when In(1) is { } a && In(2) is { } b => Where(x, a, b),
            "Expand" when In(1) is { } shape => Expand(x, shape.ToInt64s()),
            "Transpose" => Transpose(x, node.Ints("perm")),
            _ => null,
        };
    }

    /// <summary>The parts of <paramref name="data"/> along <paramref name="axisAttr"/> of the given sizes, or null when they do not add up to the axis.</summary>
    public static ConstTensor[]? Split(ConstTensor data, long axisAttr, long[] sizes)
    {
        int axis = Axis(axisAttr, data.Dims.Length);
        if (axis < 0 || sizes.Any(s => s < 0) || sizes.Sum() != data.Dims[axis]) return null;
        var parts = new ConstTensor[sizes.Length];
        long start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            if (Slice(data, [start], [start + sizes[i]], [axis], null) is not { } part) return null;
            parts[i] = part;
            start += sizes[i];
        }
        return parts;
    }

    private static ConstTensor? Gather(ConstTensor data, ConstTensor indices, long axisAttr)
    {
        int axis = Axis(axisAttr, data.Dims.Length);
        if (axis < 0 || !TensorValues.IsInteger(indices.ElementType)) return null;
        long axisDim = data.Dims[axis];
        long[] idx = indices.ToInt64s().Select(i => i < 0 ? i + axisDim : i).ToArray();
        if (idx.Any(i => i < 0 || i >= axisDim)) return null;
        long outer = Count(data.Dims[..axis]), inner = Count(data.Dims[(axis + 1)..]);
        long[] dims = [.. data.Dims[..axis], .. indices.Dims, .. data.Dims[(axis + 1)..]];
        var map = new List<long>();
        for (long o = 0; o < outer; o++)
            foreach (long i in idx)
                for (long n = 0; n < inner; n++) map.Add((o * axisDim + i) * inner + n);
        return Take(data, dims, map.ToArray());
    }

    private static ConstTensor? Unsqueeze(ConstTensor data, long[] axes)
    {
        int rank = data.Dims.Length + axes.Length;
        var positions = axes.Select(a => Axis(a, rank)).ToHashSet();
        if (positions.Contains(-1) || positions.Count != axes.Length) return null;
        var dims = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) dims[i] = positions.Contains(i) ? 1 : data.Dims[j++];
        return new ConstTensor(data.ElementType, dims, data.Bytes);
    }

    private static ConstTensor? Squeeze(ConstTensor data, long[]? axes)
    {
        int rank = data.Dims.Length;
        var positions = axes is null
            ? Enumerable.Range(0, rank).Where(i => data.Dims[i] == 1).ToHashSet()
            : axes.Select(a => Axis(a, rank)).ToHashSet();
        if (positions.Contains(-1) || positions.Any(p => data.Dims[p] != 1)) return null;
        long[] dims = Enumerable.Range(0, rank).Where(i => !positions.Contains(i)).Select(i => data.Dims[i]).ToArray();
        return new ConstTensor(data.ElementType, dims, data.Bytes);
    }

    private static ConstTensor? Concat(ConstTensor[] parts, long axisAttr)
    {
        var first = parts[0];
        int rank = first.Dims.Length, axis = Axis(axisAttr, rank);
        if (axis < 0 || parts.Any(p => p.ElementType != first.ElementType || p.Dims.Length != rank
                || Enumerable.Range(0, rank).Any(i => i != axis && p.Dims[i] != first.Dims[i])))
            return null;
        var dims = (long[])first.Dims.Clone();
        dims[axis] = parts.Sum(p => p.Dims[axis]);
        int size = TensorElementTypes.SizeOf(first.ElementType);
        long outer = Count(first.Dims[..axis]);
        var bytes = new List<byte>();
        for (long o = 0; o < outer; o++)
            foreach (var p in parts)
            {
                long block = Count(p.Dims[axis..]) * size;
                bytes.AddRange(p.Bytes.Span.Slice((int)(o * block), (int)block).ToArray());
            }
        return new ConstTensor(first.ElementType, dims, bytes.ToArray());
    }

    private static ConstTensor? Reshape(ConstTensor data, long[] shape, bool allowZero)
    {
        var dims = new long[shape.Length];
        int inferred = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0 && !allowZero)
            {
                if (i >= data.Dims.Length) return null;
                dims[i] = data.Dims[i];
            }
            else if (shape[i] == -1)
            {
                if (inferred >= 0) return null;
                inferred = i;
                dims[i] = 1;
            }
            else if (shape[i] < 0) return null;
            else dims[i] = shape[i];
        }
        long known = Count(dims);
        if (inferred >= 0)
        {
            if (known == 0 || data.ElementCount % known != 0) return null;
            dims[inferred] = data.ElementCount / known;
        }
        return Count(dims) == data.ElementCount ? new ConstTensor(data.ElementType, dims, data.Bytes) : null;
    }

    private static ConstTensor? Cast(ConstTensor data, TensorElementType to)
    {
        if (data.ElementType == to) return data;
        if (!IsNumeric(data.ElementType) || !IsNumeric(to)) return null;
        // Integers convert exactly through long; floats through double (exact for every source float).
        return TensorValues.IsInteger(data.ElementType) && TensorValues.IsInteger(to)
            ? TensorValues.FromLongs(to, data.Dims, data.ToInt64s())
            : TensorValues.IsInteger(data.ElementType) && to == TensorElementType.Float
                ? TensorValues.FromDoubles(to, data.Dims, data.ToInt64s().Select(v => (double)(float)v).ToArray())
                : TensorValues.FromDoubles(to, data.Dims, TensorValues.ToDoubles(data));
    }

    private static ConstTensor? Slice(ConstTensor data, long[] starts, long[] ends, long[]? axesIn, long[]? stepsIn)
    {
        int rank = data.Dims.Length;
        long[] axes = axesIn ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        long[] steps = stepsIn ?? Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length) return null;
        var begin = new long[rank];
        var step = Enumerable.Repeat(1L, rank).ToArray();
        long[] dims = (long[])data.Dims.Clone();
        for (int k = 0; k < starts.Length; k++)
        {
            int axis = Axis(axes[k], rank);
            if (axis < 0 || steps[k] == 0) return null;
            long dim = data.Dims[axis], s = starts[k], e = ends[k];
            if (s < 0) s += dim;
            if (e < 0) e += dim;
            if (steps[k] > 0) { s = Math.Clamp(s, 0, dim); e = Math.Clamp(e, 0, dim); }
            else { s = Math.Clamp(s, 0, dim - 1); e = Math.Clamp(e, -1, dim - 1); }
            begin[axis] = s;
            step[axis] = steps[k];
            dims[axis] = Math.Max(0, (e - s + steps[k] - Math.Sign(steps[k])) / steps[k]);
        }
        long[] strides = Strides(data.Dims);
        var map = Map(dims, index =>
        {
            long flat = 0;
            for (int i = 0; i < rank; i++) flat += (begin[i] + index[i] * step[i]) * strides[i];
            return flat;
        });
        return Take(data, dims, map);
    }

    private static ConstTensor? Arithmetic(string op, ConstTensor a, ConstTensor b)
    {
        if (a.ElementType != b.ElementType || Broadcast(a.Dims, b.Dims) is not { } dims) return null;
        var mapA = BroadcastMap(dims, a.Dims);
        var mapB = BroadcastMap(dims, b.Dims);
        var type = a.ElementType;
        if (TensorValues.IsInteger(type) && type != TensorElementType.Bool)
        {
            long[] x = a.ToInt64s(), y = b.ToInt64s();
            if (op == "Div" && mapB.Any(i => y[i] == 0)) return null;
            var r = new long[mapA.Length];
            for (int n = 0; n < r.Length; n++)
            {
                long p = x[mapA[n]], q = y[mapB[n]];
                // Integer division truncates toward zero, as the runtime's does.
                r[n] = unchecked(op switch { "Add" => p + q, "Sub" => p - q, "Mul" => p * q, _ => p / q });
            }
            return TensorValues.FromLongs(type, dims, r);
        }
        if (type is TensorElementType.Float)
        {
            float[] x = a.ToFloats(), y = b.ToFloats();
            // Each result rounded to float, as a float32 kernel computes it.
            var r = new double[mapA.Length];
            for (int n = 0; n < r.Length; n++)
            {
                float p = x[mapA[n]], q = y[mapB[n]];
                r[n] = op switch { "Add" => p + q, "Sub" => p - q, "Mul" => p * q, _ => p / q };
            }
            return TensorValues.FromDoubles(type, dims, r);
        }
        if (type is TensorElementType.Double)
        {
            double[] x = TensorValues.ToDoubles(a), y = TensorValues.ToDoubles(b);
            var r = new double[mapA.Length];
            for (int n = 0; n < r.Length; n++)
            {
                double p = x[mapA[n]], q = y[mapB[n]];
                r[n] = op switch { "Add" => p + q, "Sub" => p - q, "Mul" => p * q, _ => p / q };
            }
            return TensorValues.FromDoubles(type, dims, r);
        }
        return null;
    }

    private static ConstTensor? ConstantOfShape(long[] shape, ConstTensor? value)
    {
        if (shape.Any(d => d < 0) || Count(shape) > MaxElements) return null;
        value ??= ConstTensor.FromFloats([0f], 1);
        if (value.ElementCount != 1) return null;
        return Take(value, shape, new long[Count(shape)]);
    }

    private static ConstTensor? Range(ConstTensor start, ConstTensor limit, ConstTensor delta)
    {
        var type = start.ElementType;
        // Float ranges accumulate rounding in the runtime's own order; only integer ranges fold exactly.
        if (!TensorValues.IsInteger(type) || type == TensorElementType.Bool || limit.ElementType != type || delta.ElementType != type) return null;
        if (start.ElementCount != 1 || limit.ElementCount != 1 || delta.ElementCount != 1) return null;
        long s = start.ToInt64s()[0], l = limit.ToInt64s()[0], d = delta.ToInt64s()[0];
        if (d == 0) return null;
        long count = Math.Max(0, (long)Math.Ceiling((double)(l - s) / d));
        if (count > MaxElements) return null;
        return TensorValues.FromLongs(type, [count], Enumerable.Range(0, (int)count).Select(i => s + i * d).ToArray());
    }

    private static ConstTensor? Equal(ConstTensor a, ConstTensor b)
    {
        if (a.ElementType != b.ElementType || !IsNumeric(a.ElementType) || Broadcast(a.Dims, b.Dims) is not { } dims) return null;
        var mapA = BroadcastMap(dims, a.Dims);
        var mapB = BroadcastMap(dims, b.Dims);
        long[] r = new long[mapA.Length];
        if (TensorValues.IsInteger(a.ElementType))
        {
            long[] x = a.ToInt64s(), y = b.ToInt64s();
            for (int n = 0; n < r.Length; n++) r[n] = x[mapA[n]] == y[mapB[n]] ? 1 : 0;
        }
        else
        {
            double[] x = TensorValues.ToDoubles(a), y = TensorValues.ToDoubles(b);
            for (int n = 0; n < r.Length; n++) r[n] = x[mapA[n]] == y[mapB[n]] ? 1 : 0;
        }
        return TensorValues.FromLongs(TensorElementType.Bool, dims, r);
    }

    private static ConstTensor? Where(ConstTensor condition, ConstTensor a, ConstTensor b)
    {
        if (condition.ElementType != TensorElementType.Bool || a.ElementType != b.ElementType) return null;
        if (Broadcast(condition.Dims, a.Dims, b.Dims) is not { } dims) return null;
        long[] c = condition.ToInt64s();
        var mapC = BroadcastMap(dims, condition.Dims);
        var mapA = BroadcastMap(dims, a.Dims);
        var mapB = BroadcastMap(dims, b.Dims);
        // Both branches gathered into one tensor: a's elements first, then b's, offset by a's count.
        var both = new ConstTensor(a.ElementType, [a.ElementCount + b.ElementCount], Concat(a.Bytes, b.Bytes));
        var map = new long[mapC.Length];
        for (int n = 0; n < map.Length; n++) map[n] = c[mapC[n]] != 0 ? mapA[n] : a.ElementCount + mapB[n];
        return Take(both, dims, map);
    }

    private static ConstTensor? Expand(ConstTensor data, long[] shape)
    {
        if (shape.Any(d => d < 0) || Broadcast(data.Dims, shape) is not { } dims || Count(dims) > MaxElements) return null;
        return Take(data, dims, BroadcastMap(dims, data.Dims));
    }

    /// <summary>PyTorch's exporter builds Pad's amounts (opset 11+) with a Transpose of constants: folding it makes them one constant.</summary>
    private static ConstTensor? Transpose(ConstTensor data, long[]? permIn)
    {
        int rank = data.Dims.Length;
        long[] perm = permIn ?? Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != rank || perm.Select(p => Axis(p, rank)).Distinct().Count(a => a >= 0) != rank) return null;
        int[] axes = perm.Select(p => Axis(p, rank)).ToArray();
        long[] dims = axes.Select(a => data.Dims[a]).ToArray();
        long[] strides = Strides(data.Dims);
        var map = Map(dims, index =>
        {
            long flat = 0;
            for (int i = 0; i < rank; i++) flat += index[i] * strides[axes[i]];
            return flat;
        });
        return Take(data, dims, map);
    }

    private static bool IsNumeric(TensorElementType type) => TensorValues.IsInteger(type) || TensorValues.IsFloat(type);

    private static long[] Strides(long[] dims)
    {
        var strides = new long[dims.Length];
        long stride = 1;
        for (int i = dims.Length - 1; i >= 0; i--) { strides[i] = stride; stride *= dims[i]; }
        return strides;
    }

    private static byte[] Concat(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b)
    {
        var bytes = new byte[a.Length + b.Length];
        a.Span.CopyTo(bytes);
        b.Span.CopyTo(bytes.AsSpan(a.Length));
        return bytes;
    }
}
