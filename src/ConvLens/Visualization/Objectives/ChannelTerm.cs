using ConvLens.Graph;

namespace ConvLens.Visualization.Objectives;

/// <summary>The mean activation of one channel over all positions: the reference notebook's objective.</summary>
/// <param name="Layer">The layer name or alias.</param>
/// <param name="Channel">The channel index.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
/// <param name="Item">The batch item the term scores, or null for every item.</param>
public sealed record ChannelTerm(string Layer, int Channel, double Weight = 1, int? Item = null) : LinearObjectiveTerm(Layer, Weight, Item)
{
    /// <inheritdoc />
    public override void AddSeed(Span<float> seed, int[] shape)
    {
        int plane = PlaneSize(shape);
        float value = (float)(Weight / plane);
        foreach (ref var s in seed.Slice(Channel * plane, plane)) s += value;
    }

    /// <inheritdoc />
    public override void Validate(Layer layer, int[] shape) => RequireChannel(layer, shape, Channel);

    /// <inheritdoc />
    public override string Describe() => $"{Layer}:{Channel}";
}
