namespace ConvLens.Imaging;

/// <summary>How <see cref="HeatmapOverlay"/> colours a map and lays it over an image.</summary>
public sealed record HeatmapOverlayStyle
{
    /// <summary>The colormap (default viridis, matplotlib's default).</summary>
    public Colormap Colormap { get; init; } = Colormaps.Viridis;

    /// <summary>Opacity of the heatmap over the image: 0 shows only the image, 1 only the heatmap.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>The value drawn with the colormap's first colour; null means the map's minimum (as matplotlib's imshow).</summary>
    public double? Minimum { get; init; }

    /// <summary>The value drawn with the colormap's last colour; null means the map's maximum.</summary>
    public double? Maximum { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ConvLensException">Alpha is outside [0, 1], or a bound is not a finite number.</exception>
    public void Validate()
    {
        if (!(Alpha >= 0 && Alpha <= 1)) throw new ConvLensException($"the heatmap's alpha must be between 0 and 1, not {Alpha}");
        if (Minimum is { } min && !double.IsFinite(min) || Maximum is { } max && !double.IsFinite(max))
            throw new ConvLensException("the heatmap's colour range must be finite numbers");
    }
}
