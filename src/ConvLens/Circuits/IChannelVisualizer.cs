using ConvLens.Imaging;
using ConvLens.Runtime;

namespace ConvLens.Circuits;

/// <summary>
/// Makes the feature visualization of channels of a layer, for circuit figures and graphs. The circuit
/// code asks once per layer with every channel it needs, so an implementation can optimise them in one
/// batch.
/// </summary>
public interface IChannelVisualizer
{
    /// <summary>One image per channel of <paramref name="layer"/> (a value name or alias), in the order asked.</summary>
    IReadOnlyList<RgbImage> Visualize(Network network, string layer, IReadOnlyList<int> channels, CancellationToken cancellation = default);
}
