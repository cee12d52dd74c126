namespace ConvLens.Imaging;

/// <summary>
/// A 256-colour lookup table that turns a value in [0, 1] into a colour the way matplotlib does: the
/// value times 256, truncated, is the index (1.0 and above take the last colour, below 0 the first).
/// </summary>
public sealed class Colormap
{
    /// <summary>Number of colours in every table.</summary>
    public const int Size = 256;

    private readonly byte[] _rgb;

    /// <summary>A colormap called <paramref name="name"/> from <see cref="Size"/> RGB triples.</summary>
    /// <exception cref="ArgumentException">The table does not hold 256 × 3 bytes.</exception>
    public Colormap(string name, byte[] rgb)
    {
        if (rgb.Length != 3 * Size) throw new ArgumentException($"a colormap needs {3 * Size} bytes (256 RGB colours), got {rgb.Length}", nameof(rgb));
        Name = name;
        _rgb = rgb;
    }

    /// <summary>The colormap's name (<c>viridis</c>).</summary>
    public string Name { get; }

    /// <summary>The table index of <paramref name="value"/> (NaN takes index 0).</summary>
    public static int IndexOf(double value)
    {
        if (!(value > 0)) return 0;
        if (value >= 1) return Size - 1;
        return Math.Min(Size - 1, (int)(value * Size));
    }

    /// <summary>The colour of <paramref name="value"/> in [0, 1].</summary>
    public (byte R, byte G, byte B) Color(double value) => this[IndexOf(value)];

    /// <summary>The colour at table <paramref name="index"/> (0..255).</summary>
    public (byte R, byte G, byte B) this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
            return (_rgb[3 * index], _rgb[3 * index + 1], _rgb[3 * index + 2]);
        }
    }

    /// <summary>Reads a table of 256 six-digit hex colours (RRGGBB), as <see cref="ColormapTables"/> stores them.</summary>
    internal static Colormap FromHex(string name, string hex)
    {
        if (hex.Length != 6 * Size) throw new ArgumentException($"colormap '{name}' needs {6 * Size} hex digits, got {hex.Length}", nameof(hex));
        return new Colormap(name, Convert.FromHexString(hex));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
