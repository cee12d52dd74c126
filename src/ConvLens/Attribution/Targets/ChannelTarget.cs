using ConvLens.Runtime;

namespace ConvLens.Attribution.Targets;

/// <summary>The mean activation of one channel of a layer over its spatial positions (the value itself for (N, C) layers).</summary>
/// <param name="Layer">The layer (value name or alias).</param>
/// <param name="Channel">The channel, 0-based.</param>
public sealed record ChannelTarget(string Layer, int Channel) : IAttributionTarget
{
    /// <inheritdoc />
    public string Description => $"{Layer}:{Channel}";

    /// <inheritdoc />
    public void WriteSeed(FloatTensor seed)
    {
        if (seed.Shape.Length < 2)
            throw new ConvLensException($"layer '{Layer}' has shape {seed.ShapeText}: a channel target needs a layer with a channel dimension");
        int channels = seed.Shape[1];
        if (Channel < 0 || Channel >= channels)
            throw new ConvLensException($"layer '{Layer}' has channels 0..{channels - 1}; channel {Channel} is out of range");
        int plane = seed.ItemLength / channels;
        for (int i = 0; i < seed.BatchSize; i++)
            seed.Item(i).Slice(Channel * plane, plane).Fill(1f / plane);
    }
}
