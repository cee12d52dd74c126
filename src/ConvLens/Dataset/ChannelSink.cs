namespace ConvLens.Dataset;

/// <summary>
/// Keeps only one channel's statistics of each image (plus bad files), for runs without an index: memory
/// stays at a few dozen bytes per image however many channels the layer has.
/// </summary>
internal sealed class ChannelSink(int channel) : IIndexSink
{
    /// <summary>What was kept: statistics hold the one channel (24 bytes), or the file is bad.</summary>
    public List<IndexedImage> Images { get; } = [];

    /// <inheritdoc />
    public void Write(IReadOnlyList<IndexedImage> batch)
    {
        foreach (var image in batch)
        {
            var one = image.Statistics?.AsSpan(channel * ChannelStatistics.EncodedSize, ChannelStatistics.EncodedSize).ToArray();
            Images.Add(image with { Statistics = one });
        }
    }
}
