using System.Runtime.InteropServices;

namespace ConvLens.Graph;

/// <summary>
/// Element conversions for the constant folder: a tensor's elements as <c>long</c> or <c>double</c>, and
/// tensors of any numeric type built back from them with the runtime's conversion rules (wrap-around for
/// narrower integers, truncation toward zero from floating point, round-to-nearest to narrower floats).
/// </summary>
internal static class TensorValues
{
    /// <summary>True for the integer and bool element types.</summary>
    public static bool IsInteger(TensorElementType type) => type is TensorElementType.Int64 or TensorElementType.Int32
        or TensorElementType.Int16 or TensorElementType.Int8 or TensorElementType.UInt64 or TensorElementType.UInt32
        or TensorElementType.UInt16 or TensorElementType.UInt8 or TensorElementType.Bool;

    /// <summary>True for the floating-point element types the folder computes with.</summary>
    public static bool IsFloat(TensorElementType type) => type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16;

    /// <summary>The elements as doubles (exact for every float type and for integers up to 2^53).</summary>
    public static double[] ToDoubles(ConstTensor t)
    {
        var span = t.Bytes.Span;
        return t.ElementType switch
        {
            TensorElementType.Float => Array.ConvertAll(MemoryMarshal.Cast<byte, float>(span).ToArray(), v => (double)v),
            TensorElementType.Double => MemoryMarshal.Cast<byte, double>(span).ToArray(),
            TensorElementType.Float16 => Array.ConvertAll(MemoryMarshal.Cast<byte, Half>(span).ToArray(), v => (double)v),
            _ => Array.ConvertAll(t.ToInt64s(), v => (double)v),
        };
    }

    /// <summary>A tensor of an integer or bool <paramref name="type"/> holding <paramref name="values"/>, narrowed by wrap-around (bool: non-zero is true).</summary>
    public static ConstTensor FromLongs(TensorElementType type, long[] dims, long[] values) => new(type, dims, type switch
    {
        TensorElementType.Int64 => Bytes(values),
        TensorElementType.UInt64 => Bytes(Array.ConvertAll(values, v => unchecked((ulong)v))),
        TensorElementType.Int32 => Bytes(Array.ConvertAll(values, v => unchecked((int)v))),
        TensorElementType.UInt32 => Bytes(Array.ConvertAll(values, v => unchecked((uint)v))),
        TensorElementType.Int16 => Bytes(Array.ConvertAll(values, v => unchecked((short)v))),
        TensorElementType.UInt16 => Bytes(Array.ConvertAll(values, v => unchecked((ushort)v))),
        TensorElementType.Int8 => Bytes(Array.ConvertAll(values, v => unchecked((sbyte)v))),
        TensorElementType.UInt8 => Array.ConvertAll(values, v => unchecked((byte)v)),
        TensorElementType.Bool => Array.ConvertAll(values, v => v != 0 ? (byte)1 : (byte)0),
        _ => throw new ArgumentException($"{type} is not an integer type", nameof(type)),
    });

    /// <summary>A tensor of any numeric <paramref name="type"/> from doubles: rounded to narrower floats, truncated toward zero to integers.</summary>
    public static ConstTensor FromDoubles(TensorElementType type, long[] dims, double[] values) => type switch
    {
        TensorElementType.Float => new(type, dims, Bytes(Array.ConvertAll(values, v => (float)v))),
        TensorElementType.Double => new(type, dims, Bytes(values)),
        TensorElementType.Float16 => new(type, dims, Bytes(Array.ConvertAll(values, v => (Half)v))),
        TensorElementType.Bool => FromLongs(type, dims, Array.ConvertAll(values, v => v != 0 ? 1L : 0L)),
        _ => FromLongs(type, dims, Array.ConvertAll(values, v => (long)v)),
    };

    private static byte[] Bytes<T>(T[] values) where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
