using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference elementwise operators with numpy (multidirectional) broadcasting.</summary>
internal static class RefElementwise
{
    /// <summary>The broadcast shape of several shapes (aligned at the last axis; a size of 1 stretches).</summary>
    public static long[] BroadcastShape(params long[][] shapes)
    {
        int rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            long size = 1;
            foreach (var s in shapes)
            {
                int a = axis - (rank - s.Length);
                if (a < 0 || s[a] == 1) continue;
                if (size != 1 && size != s[a]) throw new ArgumentException($"shapes [{string.Join("] [", shapes.Select(x => string.Join(",", x)))}] do not broadcast");
                size = s[a];
            }
            result[axis] = size;
        }
        return result;
    }

    /// <summary>The elements of <paramref name="t"/> broadcast to <paramref name="shape"/>, row-major.</summary>
    public static double[] Expand(RefTensor t, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (t.Shape.SequenceEqual(shape)) return t.Data;
        var sourceStrides = t.Strides;
        int lead = shape.Length - t.Rank;
        var result = new double[count];
        for (long o = 0; o < count; o++)
        {
            var index = RefTensor.IndexOf(o, shape);
            long offset = 0;
            for (int a = 0; a < t.Rank; a++)
                if (t.Shape[a] != 1) offset += index[a + lead] * sourceStrides[a];
            result[o] = t.Data[offset];
        }
        return result;
    }

    /// <summary>Expand: <paramref name="x"/> broadcast with <paramref name="shape"/>.</summary>
    public static RefTensor ExpandTo(RefTensor x, long[] shape)
    {
        var result = BroadcastShape(x.Shape, shape);
        return new RefTensor(result, Expand(x, result), x.ElementType);
    }

    /// <summary>f applied elementwise to the broadcast inputs; the result has <paramref name="type"/>, else the first input's type.</summary>
    public static RefTensor Map(IReadOnlyList<RefTensor> inputs, Func<double[], double> f, TensorElementType? type = null)
    {
        var shape = BroadcastShape(inputs.Select(t => t.Shape).ToArray());
        var expanded = inputs.Select(t => Expand(t, shape)).ToArray();
        var y = new RefTensor(shape, null, type ?? inputs[0].ElementType);
        var args = new double[inputs.Count];
        for (long i = 0; i < y.ElementCount; i++)
        {
            for (int k = 0; k < args.Length; k++) args[k] = expanded[k][i];
            y.Data[i] = f(args);
        }
        return y;
    }

    /// <summary>A binary operator with broadcasting.</summary>
    public static RefTensor Binary(RefTensor a, RefTensor b, Func<double, double, double> f, TensorElementType? type = null) =>
        Map([a, b], v => f(v[0], v[1]), type);

    /// <summary>A unary operator.</summary>
    public static RefTensor Unary(RefTensor x, Func<double, double> f) => new(x.Shape, Array.ConvertAll(x.Data, v => f(v)), x.ElementType);

    /// <summary>Div; integer tensors divide with truncation, as ONNX integer Div does.</summary>
    public static RefTensor Div(RefTensor a, RefTensor b) =>
        Binary(a, b, a.IsInteger ? (p, q) => Math.Truncate(p / q) : (p, q) => p / q);

    /// <summary>A comparison: a bool tensor of 0/1.</summary>
    public static RefTensor Compare(RefTensor a, RefTensor b, Func<double, double, bool> f) =>
        Binary(a, b, (p, q) => f(p, q) ? 1 : 0, TensorElementType.Bool);

    /// <summary>Where(condition, x, y).</summary>
    public static RefTensor Where(RefTensor condition, RefTensor x, RefTensor y) =>
        Map([condition, x, y], v => v[0] != 0 ? v[1] : v[2], x.ElementType);

    /// <summary>Clip: bounds from inputs 1 and 2 (opset 11+) or the min/max attributes (before), each optional.</summary>
    public static RefTensor Clip(Node node, RefTensor x, RefTensor? min, RefTensor? max)
    {
        double lo = min?.Data[0] ?? node.Float("min", float.NegativeInfinity);
        double hi = max?.Data[0] ?? node.Float("max", float.PositiveInfinity);
        return Unary(x, v => Math.Min(Math.Max(v, lo), hi));
    }

    /// <summary>Sigmoid 1 / (1 + e^-x).</summary>
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
