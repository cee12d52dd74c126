namespace ConvLens.Imaging;

/// <summary>matplotlib's colormaps that ConvLens draws heatmaps with, by name.</summary>
public static class Colormaps
{
    /// <summary>matplotlib's default: perceptually uniform, dark purple to yellow.</summary>
    public static Colormap Viridis { get; } = Colormap.FromHex("viridis", ColormapTables.Viridis);

    /// <summary>Diverging blue–white–red (Moreland): for signed maps centred on zero.</summary>
    public static Colormap Coolwarm { get; } = Colormap.FromHex("coolwarm", ColormapTables.Coolwarm);

    /// <summary>The rainbow map most Grad-CAM figures use (OpenCV's COLORMAP_JET is the same idea).</summary>
    public static Colormap Jet { get; } = Colormap.FromHex("jet", ColormapTables.Jet);

    /// <summary>Perceptually uniform, black to light yellow.</summary>
    public static Colormap Magma { get; } = Colormap.FromHex("magma", ColormapTables.Magma);

    /// <summary>Black to white.</summary>
    public static Colormap Gray { get; } = Colormap.FromHex("gray", ColormapTables.Gray);

    /// <summary>Every colormap, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<Colormap> All { get; } = [Viridis, Coolwarm, Jet, Magma, Gray];

    /// <summary>The names accepted by <see cref="Get"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToArray();

    /// <summary>The colormap called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ConvLensException">No colormap has that name.</exception>
    public static Colormap Get(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ConvLensException($"unknown colormap '{name}'; use one of: {string.Join(", ", Names)}");
}
