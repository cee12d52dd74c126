using ConvLens.Imaging;
using ConvLens.Runtime;

namespace ConvLens.Attribution;

/// <summary>
/// The reference notebook's activation map: one channel's activations for one image, its statistics,
/// and the map upsampled bilinearly onto the picture (<see cref="BilinearZoom"/>, as
/// <c>scipy.ndimage.zoom(order=1)</c>) for an overlay.
/// </summary>
public sealed class ChannelActivationMap
{
    private ChannelActivationMap(string layer, int channel, float[] values, int height, int width)
    {
        Layer = layer;
        Channel = channel;
        Values = values;
        Height = height;
        Width = width;
        Statistics = ActivationStatistics.Of(values, width);
    }

    /// <summary>The layer's display name.</summary>
    public string Layer { get; }

    /// <summary>The channel.</summary>
    public int Channel { get; }

    /// <summary>The activations, <see cref="Height"/> × <see cref="Width"/>, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Rows of the layer's grid.</summary>
    public int Height { get; }

    /// <summary>Columns of the layer's grid.</summary>
    public int Width { get; }

    /// <summary>Mean, max, L2 norm and argmax of the map.</summary>
    public ActivationStatistics Statistics { get; }

    /// <summary>The map of <paramref name="channel"/> of <paramref name="layer"/> for one image (1, C, H, W) or (C, H, W).</summary>
    /// <exception cref="ConvLensException">The layer is unknown or not (N, C, H, W), the channel is out of range, or the image does not fit.</exception>
    public static ChannelActivationMap Compute(Network network, FloatTensor image, string layer, int channel)
    {
        ArgumentNullException.ThrowIfNull(network);
        var input = AttributionInput.Single(network, image);
        var resolved = network.Layers.Resolve(layer);
        var shape = AttributionInput.ItemShape(resolved);
        if (shape.Length != 3)
            throw new ConvLensException($"an activation map needs a convolutional layer (N, C, H, W); '{resolved.DisplayName}' has shape {resolved.Shape}");
        if (channel < 0 || channel >= shape[0])
            throw new ConvLensException($"layer '{resolved.DisplayName}' has channels 0..{shape[0] - 1}; channel {channel} is out of range");
        var activations = network.Activations(input, resolved.Value)[resolved.Value];
        int plane = shape[1] * shape[2];
        var values = activations.Data.AsSpan(channel * plane, plane).ToArray();
        return new ChannelActivationMap(resolved.DisplayName, channel, values, shape[1], shape[2]);
    }

    /// <summary>The map resized to <paramref name="height"/> × <paramref name="width"/> (corner-aligned bilinear).</summary>
    public float[] Upsample(int height, int width) => BilinearZoom.Resize(Values, Height, Width, height, width);

    /// <summary>
    /// The centre of the argmax position in the pixels of a <paramref name="width"/> × <paramref name="height"/>
    /// picture the map spans corner to corner (as the upsampled map places it).
    /// </summary>
    public (double X, double Y) ArgmaxIn(int width, int height) =>
        (Width > 1 ? Statistics.ArgmaxColumn * (width - 1.0) / (Width - 1) : 0,
         Height > 1 ? Statistics.ArgmaxRow * (height - 1.0) / (Height - 1) : 0);
}
