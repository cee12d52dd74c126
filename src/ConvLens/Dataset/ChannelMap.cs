using ConvLens.Imaging;

namespace ConvLens.Dataset;

/// <summary>One ranked image with its channel's activation map, for figures.</summary>
/// <param name="Image">The ranked image.</param>
/// <param name="ModelView">The picture exactly as the model saw it (decoded, upright, resized to its input).</param>
/// <param name="Map">The channel's activation, <paramref name="Height"/> × <paramref name="Width"/>, row-major.</param>
/// <param name="Height">Map height.</param>
/// <param name="Width">Map width.</param>
/// <param name="Statistics">The statistics of <paramref name="Map"/>, recomputed: they equal the ranking's.</param>
public sealed record ChannelMap(RankedImage Image, RgbImage ModelView, float[] Map, int Height, int Width, ChannelStatistics Statistics);
