namespace ConvLens.Imaging;

/// <summary>The command-line names of <see cref="ResizeMode"/> values.</summary>
public static class ResizeModes
{
    /// <summary>The names accepted by <c>--resize</c>, in the order of <see cref="ResizeMode"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["stretch", "shorter-side+center-crop"];

    /// <summary>The command-line name of <paramref name="mode"/>.</summary>
    public static string NameOf(ResizeMode mode) => Names[(int)mode];

    /// <summary>The mode called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ConvLensException">Not one of <see cref="Names"/>.</exception>
    public static ResizeMode Parse(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name.Trim(), StringComparison.OrdinalIgnoreCase)) return (ResizeMode)i;
        throw new ConvLensException($"unknown resize mode '{name}'; use one of: {string.Join(", ", Names)}");
    }
}
