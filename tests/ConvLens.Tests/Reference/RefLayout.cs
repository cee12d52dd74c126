using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference shape operators: they change shapes and element types, not element order.</summary>
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

    /// <summary>
    /// DepthToSpace as the spec writes it: DCR reshapes to [N, b, b, C/b², H, W] and transposes by
    /// [0, 3, 4, 1, 5, 2]; CRD reshapes to [N, C/b², b, b, H, W] and transposes by [0, 1, 4, 2, 5, 3];
    /// then [N, C/b², H·b, W·b].
    /// </summary>
    public static RefTensor DepthToSpace(Node node, RefTensor x)
    {
        long b = node.Int("blocksize", 1), n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        bool dcr = node.String("mode", "DCR") == "DCR";
        var split = x.Reshaped(dcr ? [n, b, b, c / (b * b), h, w] : [n, c / (b * b), b, b, h, w]);
        var moved = Transpose(new Node("Transpose", [], []).With("perm", dcr ? [0L, 3, 4, 1, 5, 2] : [0L, 1, 4, 2, 5, 3]), split);
        return moved.Reshaped([n, c / (b * b), h * b, w * b]);
    }

    /// <summary>SpaceToDepth as the spec writes it: [N, C, H/b, b, W/b, b], transposed by [0, 3, 5, 1, 2, 4], to [N, C·b², H/b, W/b].</summary>
    public static RefTensor SpaceToDepth(Node node, RefTensor x)
    {
        long b = node.Int("blocksize", 1), n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var split = x.Reshaped([n, c, h / b, b, w / b, b]);
        var moved = Transpose(new Node("Transpose", [], []).With("perm", [0L, 3, 5, 1, 2, 4]), split);
        return moved.Reshaped([n, c * b * b, h / b, w / b]);
    }

    /// <summary>Shape (with the start/end attributes of opset 15).</summary>
    public static RefTensor Shape(Node node, RefTensor x)
    {
        int start = Axis(Math.Clamp(node.Int("start", 0), -x.Rank, x.Rank), x.Rank);
        int end = Axis(Math.Clamp(node.Int("end", x.Rank), -x.Rank, x.Rank), x.Rank);
        return RefTensor.Vector(x.Shape[start..Math.Max(start, end)]);
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
}
