namespace ConvLens.Graph;

/// <summary>The shape of a tensor: an ordered list of <see cref="Dim"/>s (possibly symbolic).</summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly Dim[] _dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    public TensorShape(IEnumerable<Dim> dims) => _dims = dims.ToArray();

    /// <summary>A shape of known sizes.</summary>
    public static TensorShape Of(params long[] dims) => new(dims.Select(Dim.Of));

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<Dim> Dims => _dims;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>The dimension at <paramref name="axis"/> (negative counts from the end).</summary>
    public Dim this[int axis] => _dims[axis < 0 ? axis + _dims.Length : axis];

    /// <summary>True when every dimension is a known number.</summary>
    public bool IsFullyKnown => _dims.All(d => d.IsKnown);

    /// <summary>The sizes; throws when a dimension is not known.</summary>
    public long[] ToLongs() => _dims.Select(d => d.IsKnown ? d.Value : throw new InvalidOperationException($"shape {this} is not fully known")).ToArray();

    /// <summary>The sizes with unknown dimensions replaced by <paramref name="fill"/>.</summary>
    public long[] ToLongs(long fill) => _dims.Select(d => d.IsKnown ? d.Value : fill).ToArray();

    /// <summary>Element count, or -1 when not fully known.</summary>
    public long ElementCount => IsFullyKnown ? _dims.Aggregate(1L, (a, d) => a * d.Value) : -1;

    /// <summary>This shape with the dimension at <paramref name="axis"/> replaced.</summary>
    public TensorShape With(int axis, Dim dim)
    {
        var copy = (Dim[])_dims.Clone();
        copy[axis < 0 ? axis + copy.Length : axis] = dim;
        return new TensorShape(copy);
    }

    /// <inheritdoc />
    public bool Equals(TensorShape? other) =>
        other is not null && other.Rank == Rank && _dims.Zip(other._dims).All(p => p.First.SameAs(p.Second) || (p.First == p.Second));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc />
    public override int GetHashCode() => _dims.Aggregate(Rank, (h, d) => HashCode.Combine(h, d));

    /// <summary>Like Keras: <c>(N, 64, 224, 224)</c>.</summary>
    public override string ToString() => "(" + string.Join(", ", _dims.Select(d => d.ToString())) + ")";
}
