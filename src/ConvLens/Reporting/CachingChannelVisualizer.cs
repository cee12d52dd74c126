using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Runtime;

namespace ConvLens.Reporting;

/// <summary>
/// An <see cref="IChannelVisualizer"/> that remembers every channel it made, so the circuit figure and the
/// circuit graph (which share the first layer of inputs) visualize each channel once.
/// </summary>
internal sealed class CachingChannelVisualizer(IChannelVisualizer inner) : IChannelVisualizer
{
    private readonly Dictionary<(string Layer, int Channel), RgbImage> _made = [];

    /// <summary>Channels visualized so far (cache misses).</summary>
    public int Made => _made.Count;

    /// <inheritdoc />
    public IReadOnlyList<RgbImage> Visualize(Network network, string layer, IReadOnlyList<int> channels, CancellationToken cancellation = default)
    {
        var value = network.Layers.Resolve(layer).Value;
        var missing = channels.Distinct().Where(c => !_made.ContainsKey((value, c))).ToList();
        if (missing.Count > 0)
        {
            var images = inner.Visualize(network, layer, missing, cancellation);
            for (int i = 0; i < missing.Count; i++) _made[(value, missing[i])] = images[i];
        }
        return channels.Select(c => _made[(value, c)]).ToList();
    }
}
