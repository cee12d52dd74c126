using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>
/// A dense row-major tensor of doubles for the float64 reference evaluator. Integer and boolean
/// tensors (shapes, indices, masks) are held as doubles too — exact up to 2^53 — and keep their ONNX
/// element type so that integer division truncates and <c>Cast</c> knows what it casts from.
/// </summary>
internal sealed class RefTensor
{
    /// <summary>A tensor of <paramref name="shape"/> over <paramref name="data"/> (zeros when null).</summary>
    public RefTensor(long[] shape, double[]? data = null, TensorElementType elementType = TensorElementType.Float)
    {
        Shape = shape;
        long count = shape.Aggregate(1L, (a, d) => a * d);
        Data = data ?? new double[count];
        if (Data.Length != count)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {count} elements, got {Data.Length}");
        ElementType = elementType;
    }

    /// <summary>The elements, row-major.</summary>
    public double[] Data { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public long[] Shape { get; }

    /// <summary>ONNX element type the values stand for.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public long ElementCount => Data.Length;

    /// <summary>True for integer and boolean element types.</summary>
    public bool IsInteger => ElementType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16);

    /// <summary>Row-major strides, in elements.</summary>
    public long[] Strides => StridesOf(Shape);

    /// <summary>The element at a multi-index.</summary>
    public double this[params long[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>Row-major offset of a multi-index.</summary>
    public long Offset(long[] index)
    {
        long offset = 0;
        for (int i = 0; i < Shape.Length; i++) offset = offset * Shape[i] + index[i];
        return offset;
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static long[] StridesOf(long[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }

    /// <summary>The multi-index of a row-major offset.</summary>
    public static long[] IndexOf(long offset, long[] shape)
    {
        var index = new long[shape.Length];
        for (int i = shape.Length - 1; i >= 0; i--) { index[i] = offset % shape[i]; offset /= shape[i]; }
        return index;
    }

    /// <summary>A float tensor from float32 values (converted exactly).</summary>
    public static RefTensor FromFloats(float[] data, params long[] shape) => new(shape, Array.ConvertAll(data, v => (double)v));

    /// <summary>An int64 tensor.</summary>
    public static RefTensor FromLongs(long[] data, params long[] shape) =>
        new(shape, Array.ConvertAll(data, v => (double)v), TensorElementType.Int64);

    /// <summary>A one-dimensional int64 tensor.</summary>
    public static RefTensor Vector(params long[] data) => FromLongs(data, data.Length);

    /// <summary>A float scalar.</summary>
    public static RefTensor Scalar(double value) => new([], [value]);

    /// <summary>A constant of the graph, in its own element type.</summary>
    public static RefTensor FromConst(ConstTensor t) => t.ElementType is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16
        ? new RefTensor(t.Dims, Array.ConvertAll(t.ToFloats(), v => (double)v), t.ElementType)
        : new RefTensor(t.Dims, Array.ConvertAll(t.ToInt64s(), v => (double)v), t.ElementType);

    /// <summary>The elements rounded to float32.</summary>
    public float[] ToFloats() => Array.ConvertAll(Data, v => (float)v);

    /// <summary>The elements as integers (for shapes, axes and indices).</summary>
    public long[] ToLongs() => Array.ConvertAll(Data, v => (long)v);

    /// <summary>A copy with its own data array.</summary>
    public RefTensor Clone() => new((long[])Shape.Clone(), (double[])Data.Clone(), ElementType);

    /// <summary>The same data under another shape.</summary>
    public RefTensor Reshaped(long[] shape) => new(shape, Data, ElementType);

    /// <inheritdoc />
    public override string ToString() => $"{ElementType}[{string.Join(",", Shape)}]";
}
