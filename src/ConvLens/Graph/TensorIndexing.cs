namespace ConvLens.Graph;

/// <summary>
/// Index arithmetic for the constant folder: multidirectional (NumPy) broadcasting and gathering
/// elements of a tensor by flat index, whatever its element type.
/// </summary>
internal static class TensorIndexing
{
    /// <summary>Number of elements of a shape.</summary>
    public static long Count(long[] dims) => dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The broadcast shape of several shapes, or null when they do not broadcast.</summary>
    public static long[]? Broadcast(params long[][] shapes)
    {
        int rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long dim = 1;
            foreach (var s in shapes)
            {
                int j = i - (rank - s.Length);
                if (j < 0 || s[j] == 1) continue;
                if (dim != 1 && dim != s[j]) return null;
                dim = s[j];
            }
            result[i] = dim;
        }
        return result;
    }

    /// <summary>For each element of <paramref name="outDims"/>, the flat index of the element of <paramref name="inDims"/> broadcast to it.</summary>
    public static long[] BroadcastMap(long[] outDims, long[] inDims)
    {
        int rank = outDims.Length, offset = rank - inDims.Length;
        var strides = new long[rank];
        long stride = 1;
        for (int i = rank - 1; i >= offset; i--)
        {
            strides[i] = inDims[i - offset] == 1 ? 0 : stride;
            stride *= inDims[i - offset];
        }
        return Map(outDims, index =>
        {
            long flat = 0;
            for (int i = 0; i < rank; i++) flat += index[i] * strides[i];
            return flat;
        });
    }

    /// <summary>Calls <paramref name="source"/> with each multi-index of <paramref name="dims"/> in row-major order and collects the results.</summary>
    public static long[] Map(long[] dims, Func<long[], long> source)
    {
        long count = Count(dims);
        var result = new long[count];
        var index = new long[dims.Length];
        for (long n = 0; n < count; n++)
        {
            result[n] = source(index);
            for (int i = dims.Length - 1; i >= 0; i--)
            {
                if (++index[i] < dims[i]) break;
                index[i] = 0;
            }
        }
        return result;
    }

    /// <summary>A tensor of shape <paramref name="dims"/> whose element n is element <c>map[n]</c> of <paramref name="source"/>.</summary>
    public static ConstTensor Take(ConstTensor source, long[] dims, long[] map)
    {
        int size = TensorElementTypes.SizeOf(source.ElementType);
        var src = source.Bytes.Span;
        var bytes = new byte[map.Length * size];
        for (int n = 0; n < map.Length; n++)
            src.Slice((int)(map[n] * size), size).CopyTo(bytes.AsSpan(n * size, size));
        return new ConstTensor(source.ElementType, dims, bytes);
    }

    /// <summary>An axis index counted from the end when negative, or -1 when outside <c>[-rank, rank)</c>.</summary>
    public static int Axis(long axis, int rank) => axis < -rank || axis >= rank ? -1 : (int)(axis < 0 ? axis + rank : axis);
}
