using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace ConvLens.Dataset;

/// <summary>
/// What the index keeps of one channel's activation map for one image: its L2 norm and mean, its largest
/// value and where that is (the first such position in row-major order). Sums are taken in double in a
/// fixed order (eight lanes of <see cref="Vector256{T}"/>, each summing every eighth value, then the lanes
/// and the tail in order), which does not depend on the CPU: every machine that sees the same activations
/// stores the same bits, so shards computed on different machines merge into exactly a single run's index.
/// </summary>
/// <param name="L2">√(Σ a²) over the map.</param>
/// <param name="Mean">Σ a / (height × width).</param>
/// <param name="Max">The largest value (NaN values are passed over).</param>
/// <param name="ArgMax">Row-major position of <see cref="Max"/> in the map: row = ArgMax / width.</param>
public readonly record struct ChannelStatistics(double L2, double Mean, float Max, int ArgMax)
{
    /// <summary>Bytes one channel takes in the index: L2 and mean as float64, max as float32, argmax as int32, little-endian.</summary>
    public const int EncodedSize = 24;

    /// <summary>The number images are ranked by.</summary>
    public double Score(ChannelScore score) => score switch
    {
        ChannelScore.L2 => L2,
        ChannelScore.Mean => Mean,
        _ => Max,
    };

    /// <summary>The statistics of one channel's map.</summary>
    public static ChannelStatistics Of(ReadOnlySpan<float> map)
    {
        // Vector256 arithmetic is IEEE per lane with or without hardware support: the order is fixed, the speed is not.
        var sumLow = Vector256<double>.Zero;
        var sumHigh = Vector256<double>.Zero;
        var squaresLow = Vector256<double>.Zero;
        var squaresHigh = Vector256<double>.Zero;
        int i = 0;
        for (; i + Vector256<float>.Count <= map.Length; i += Vector256<float>.Count)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(map.Slice(i, Vector256<float>.Count)));
            sumLow += low;
            sumHigh += high;
            squaresLow += low * low;
            squaresHigh += high * high;
        }
        double sum = 0, sumSquares = 0;
        for (int lane = 0; lane < Vector256<double>.Count; lane++)
        {
            sum += sumLow[lane];
            sumSquares += squaresLow[lane];
        }
        for (int lane = 0; lane < Vector256<double>.Count; lane++)
        {
            sum += sumHigh[lane];
            sumSquares += squaresHigh[lane];
        }
        for (; i < map.Length; i++)
        {
            sum += map[i];
            sumSquares += (double)map[i] * map[i];
        }
        float max = float.NegativeInfinity;
        int argMax = 0;
        for (int j = 0; j < map.Length; j++)
            if (map[j] > max) (max, argMax) = (map[j], j);
        return new ChannelStatistics(Math.Sqrt(sumSquares), sum / map.Length, max, argMax);
    }

    /// <summary>
    /// Encodes every channel of one image's activation (<paramref name="channels"/> maps of
    /// <paramref name="plane"/> values, channel-major) for the index: channel c at bytes 24·c … 24·c + 23.
    /// </summary>
    public static byte[] EncodeAll(ReadOnlySpan<float> activation, int channels, int plane)
    {
        var bytes = new byte[channels * EncodedSize];
        for (int c = 0; c < channels; c++) Of(activation.Slice(c * plane, plane)).Encode(bytes.AsSpan(c * EncodedSize, EncodedSize));
        return bytes;
    }

    /// <summary>Writes the statistics into <paramref name="destination"/> (24 bytes).</summary>
    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(destination, L2);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[8..], Mean);
        BinaryPrimitives.WriteSingleLittleEndian(destination[16..], Max);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], ArgMax);
    }

    /// <summary>Reads statistics written by <see cref="Encode"/>.</summary>
    public static ChannelStatistics Decode(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadDoubleLittleEndian(source),
        BinaryPrimitives.ReadDoubleLittleEndian(source[8..]),
        BinaryPrimitives.ReadSingleLittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]));
}
