namespace ConvLens.Graph;

/// <summary>
/// One dimension of a tensor shape: a known size, a named symbol (such as the batch size <c>N</c>),
/// or unknown.
/// </summary>
public readonly record struct Dim
{
    private Dim(long value, string? symbol) { Value = value; Symbol = symbol; }

    /// <summary>The size, or -1 when it is not known statically.</summary>
    public long Value { get; }

    /// <summary>The symbol name for a symbolic dimension; null otherwise.</summary>
    public string? Symbol { get; }

    /// <summary>True when the size is a known number.</summary>
    public bool IsKnown => Value >= 0;

    /// <summary>A dimension of known size.</summary>
    public static Dim Of(long value) => new(value, null);

    /// <summary>A symbolic dimension (two with the same symbol are equal).</summary>
    public static Dim Sym(string symbol) => new(-1, symbol);

    /// <summary>A dimension nothing is known of.</summary>
    public static Dim Unknown => new(-1, null);

    /// <summary>Whether two dimensions are certainly equal.</summary>
    public bool SameAs(Dim other) => IsKnown ? Value == other.Value : Symbol != null && Symbol == other.Symbol;

    /// <inheritdoc />
    public override string ToString() => IsKnown ? Value.ToString() : Symbol ?? "?";

    /// <summary>A known dimension from a number.</summary>
    public static implicit operator Dim(long value) => Of(value);
}
