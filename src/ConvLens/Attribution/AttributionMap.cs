using ConvLens.Runtime;

namespace ConvLens.Attribution;

/// <summary>
/// What an attribution method found for one image: a 2-D map at the method's own resolution (the CAM
/// layer's grid, or the model's input for gradient methods), where larger means more important, plus what
/// produced it.
/// </summary>
public sealed record AttributionMap
{
    /// <summary>The method's name (<c>gradcam</c>, <c>ig</c>, …).</summary>
    public required string Method { get; init; }

    /// <summary>What was explained (<see cref="Targets.IAttributionTarget.Description"/>).</summary>
    public required string Target { get; init; }

    /// <summary>The layer a CAM method read (its display name); null for gradient methods.</summary>
    public string? Layer { get; init; }

    /// <summary>The map, <see cref="Height"/> × <see cref="Width"/>, row-major.</summary>
    public required float[] Values { get; init; }

    /// <summary>Rows of the map.</summary>
    public required int Height { get; init; }

    /// <summary>Columns of the map.</summary>
    public required int Width { get; init; }

    /// <summary>Height of the model input the map covers (the map spans it corner to corner).</summary>
    public required int InputHeight { get; init; }

    /// <summary>Width of the model input the map covers.</summary>
    public required int InputWidth { get; init; }

    /// <summary>The target's score on the image.</summary>
    public required double Score { get; init; }

    /// <summary>How the map is scaled to [0, 1] for display.</summary>
    public MapNormalization Normalization { get; init; } = MapNormalization.MinMax;

    /// <summary>For gradient methods, the attribution of every input value, (1, C, H, W); null for CAMs.</summary>
    public FloatTensor? InputAttributions { get; init; }

    /// <summary>For Integrated Gradients, how well the attributions add up to the score difference.</summary>
    public Completeness? Completeness { get; init; }

    /// <summary>The map scaled to [0, 1] by <see cref="Normalization"/> (flat maps give zeros, never NaN).</summary>
    public float[] Normalized() => MapNormalizer.Normalize(Values, Normalization);

    /// <summary>The value at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int y, int x] => Values[y * Width + x];
}
