using ConvLens.Graph;

namespace ConvLens.Visualization.Objectives;

/// <summary>
/// A term that is a fixed linear function of one batch item's activations: its value is the dot product
/// of the activations with a seed pattern, and that pattern is also its gradient with respect to the
/// layer. Seeds are inputs of the compiled gradient session, so changing the channel never recompiles.
/// </summary>
/// <param name="Layer">The layer name or alias.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
/// <param name="Item">The batch item the term scores, or null for every item.</param>
public abstract record LinearObjectiveTerm(string Layer, double Weight, int? Item) : ObjectiveTerm(Layer, Weight)
{
    /// <summary>
    /// Adds <see cref="ObjectiveTerm.Weight"/> times the term's pattern to one batch item's seed, laid out
    /// like the layer's activation of one item (<paramref name="shape"/> without the batch axis).
    /// </summary>
    public abstract void AddSeed(Span<float> seed, int[] shape);

    /// <summary>Checks that the term fits the layer's shape (without the batch axis).</summary>
    /// <exception cref="ConvLensException">A channel or position is out of range, or the layer has the wrong rank.</exception>
    public abstract void Validate(Layer layer, int[] shape);

    /// <summary>The number of values per channel (the product of the axes after the channel axis).</summary>
    protected static int PlaneSize(int[] shape) => shape.Skip(1).Aggregate(1, (a, d) => a * d);

    /// <summary>A clear error unless <paramref name="channel"/> is one of the layer's channels.</summary>
    protected void RequireChannel(Layer layer, int[] shape, int channel)
    {
        if (shape.Length < 1)
            throw new ConvLensException($"layer '{Layer}' ({layer.Value}) has no channel axis; objectives need a layer shaped (N, C, ...)");
        if (channel < 0 || channel >= shape[0])
            throw new ConvLensException($"layer '{Layer}' has channels 0..{shape[0] - 1}; channel {channel} is out of range");
    }

    /// <inheritdoc />
    protected override string Format() => Item is { } i ? $"{base.Format()}@{i}" : base.Format();
}
