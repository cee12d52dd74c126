using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Attribution;

/// <summary>The checks every attribution entry point makes before computing anything.</summary>
internal static class AttributionInput
{
    /// <summary>
    /// <paramref name="image"/> as one (1, C, H, W) input of <paramref name="network"/>: a (C, H, W) tensor
    /// gains its batch dimension; the size must match and every value must be finite.
    /// </summary>
    /// <exception cref="ConvLensException">The image has the wrong shape, or holds NaN or infinity.</exception>
    public static FloatTensor Single(Network network, FloatTensor image)
    {
        var (c, h, w) = network.InputSize;
        var shape = image.Shape;
        bool fits = shape.Length == 4 && shape[0] == 1 && shape[1] == c && shape[2] == h && shape[3] == w
            || shape.Length == 3 && shape[0] == c && shape[1] == h && shape[2] == w;
        if (!fits)
            throw new ConvLensException($"'{network.Model.Source}' explains one image of shape (1, {c}, {h}, {w}) (load it at the model's size); got {image.ShapeText}");
        foreach (var v in image.Data)
            if (!float.IsFinite(v)) throw new ConvLensException($"the image given to explain holds {v}; every pixel must be a finite number");
        return shape.Length == 4 ? image : new FloatTensor(image.Data, 1, c, h, w);
    }

    /// <summary>The layer's shape without its batch dimension.</summary>
    /// <exception cref="ConvLensException">The shape is not fully known.</exception>
    public static int[] ItemShape(Layer layer)
    {
        if (layer.Shape is not { Rank: >= 1 } shape || shape.Dims.Skip(1).Any(d => !d.IsKnown))
            throw new ConvLensException($"layer '{layer.DisplayName}' has shape {layer.Shape?.ToString() ?? "unknown"}; attribution needs a layer whose size is known");
        return shape.ToLongs(1).Skip(1).Select(d => (int)d).ToArray();
    }

    /// <summary>A positive batch size.</summary>
    public static int BatchSize(int batchSize) =>
        batchSize >= 1 ? batchSize : throw new ConvLensException($"the batch size must be at least 1, not {batchSize}");
}
