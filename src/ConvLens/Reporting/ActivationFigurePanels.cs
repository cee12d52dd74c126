using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>What the three panels of an <see cref="ActivationFigure"/> show.</summary>
public sealed record ActivationFigurePanels
{
    /// <summary>The channel's feature visualization; null draws an empty panel saying it was not rendered.</summary>
    public RgbImage? FeatureVisualization { get; init; }

    /// <summary>Title of the first panel, like <c>conv12:5</c>.</summary>
    public required string FeatureTitle { get; init; }

    /// <summary>The picture, at its original size.</summary>
    public required RgbImage Image { get; init; }

    /// <summary>Title of the second panel: the predicted class, or the file name for models without a classifier.</summary>
    public required string ImageTitle { get; init; }

    /// <summary>The picture with the activation map laid over it (same size as <see cref="Image"/>).</summary>
    public required RgbImage Overlay { get; init; }

    /// <summary>Title of the third panel.</summary>
    public required string OverlayTitle { get; init; }

    /// <summary>The colormap of the overlay, drawn as its colorbar.</summary>
    public required Colormap Colormap { get; init; }

    /// <summary>The value at the colorbar's bottom.</summary>
    public required double Minimum { get; init; }

    /// <summary>The value at the colorbar's top.</summary>
    public required double Maximum { get; init; }
}
