using System.Runtime.InteropServices;

namespace ConvLens.Graph;

/// <summary>
/// A constant tensor of the graph (an initializer or a folded constant): element type, dimensions and
/// little-endian bytes. The bytes are kept as loaded, so writing a large model back out copies each
/// weight once and nothing is decoded unless it is read.
/// </summary>
public sealed class ConstTensor
{
    /// <summary>Creates a tensor over existing little-endian bytes.</summary>
    public ConstTensor(TensorElementType elementType, long[] dims, ReadOnlyMemory<byte> bytes)
    {
        ElementType = elementType;
        Dims = dims;
        Bytes = bytes;
        long expected = ElementCount * TensorElementTypes.SizeOf(elementType);
        if (TensorElementTypes.SizeOf(elementType) > 0 && bytes.Length != expected)
            throw new ArgumentException($"tensor of {elementType} [{string.Join(",", dims)}] needs {expected} bytes, got {bytes.Length}");
    }

    /// <summary>Element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Dimensions (empty for a scalar).</summary>
    public long[] Dims { get; }

    /// <summary>The raw little-endian data.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>A float tensor holding <paramref name="data"/> (not copied).</summary>
    public static ConstTensor FromFloats(float[] data, params long[] dims) =>
        new(TensorElementType.Float, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>An int64 tensor holding <paramref name="data"/>.</summary>
    public static ConstTensor FromInt64s(long[] data, params long[] dims) =>
        new(TensorElementType.Int64, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>A one-dimensional int64 tensor.</summary>
    public static ConstTensor Vector(params long[] data) => FromInt64s(data, data.Length);

    /// <summary>A float scalar.</summary>
    public static ConstTensor Scalar(float value) => FromFloats([value]);

    /// <summary>The elements as floats (float, double, float16 and integer tensors convert).</summary>
    public float[] ToFloats()
    {
        var span = Bytes.Span;
        return ElementType switch
        {
            TensorElementType.Float => MemoryMarshal.Cast<byte, float>(span).ToArray(),
            TensorElementType.Double => Array.ConvertAll(MemoryMarshal.Cast<byte, double>(span).ToArray(), d => (float)d),
            TensorElementType.Float16 => Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(span).ToArray(), h => (float)h),
            _ => Array.ConvertAll(ToInt64s(), v => (float)v),
        };
    }

    /// <summary>The elements as int64 (any integer or bool tensor converts).</summary>
    public long[] ToInt64s()
    {
        var span = Bytes.Span;
        return ElementType switch
        {
            TensorElementType.Int64 => MemoryMarshal.Cast<byte, long>(span).ToArray(),
            TensorElementType.UInt64 => Array.ConvertAll(MemoryMarshal.Cast<byte, ulong>(span).ToArray(), v => (long)v),
            TensorElementType.Int32 => Array.ConvertAll(MemoryMarshal.Cast<byte, int>(span).ToArray(), v => (long)v),
            TensorElementType.UInt32 => Array.ConvertAll(MemoryMarshal.Cast<byte, uint>(span).ToArray(), v => (long)v),
            TensorElementType.Int16 => Array.ConvertAll(MemoryMarshal.Cast<byte, short>(span).ToArray(), v => (long)v),
            TensorElementType.UInt16 => Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(span).ToArray(), v => (long)v),
            TensorElementType.Int8 => Array.ConvertAll(MemoryMarshal.Cast<byte, sbyte>(span).ToArray(), v => (long)v),
            TensorElementType.UInt8 or TensorElementType.Bool => Array.ConvertAll(span.ToArray(), v => (long)v),
            TensorElementType.Float => Array.ConvertAll(MemoryMarshal.Cast<byte, float>(span).ToArray(), v => (long)v),
            TensorElementType.Double => Array.ConvertAll(MemoryMarshal.Cast<byte, double>(span).ToArray(), v => (long)v),
            _ => throw new InvalidOperationException($"cannot read a {ElementType} tensor as integers"),
        };
    }

    /// <summary>The dimensions as a <see cref="TensorShape"/>.</summary>
    public TensorShape Shape => TensorShape.Of(Dims);

    /// <inheritdoc />
    public override string ToString() => $"{ElementType}[{string.Join(",", Dims)}]";
}
