namespace ConvLens.Dataset;

/// <summary>
/// What one pass learned about one file: either why it could not be read, or the statistics of every
/// channel (encoded, <see cref="ChannelStatistics.EncodedSize"/> bytes per channel) and the predicted class.
/// </summary>
/// <param name="File">The file as scanned.</param>
/// <param name="Error">Why the file was skipped, or null.</param>
/// <param name="PredictedClass">The classifier's top class, when the model has one and it ran.</param>
/// <param name="ClassProbability">Its probability.</param>
/// <param name="Statistics">Every channel's statistics, null for a bad file.</param>
public sealed record IndexedImage(DatasetFile File, string? Error, int? PredictedClass, float? ClassProbability, byte[]? Statistics)
{
    /// <summary>A file that could not be read.</summary>
    public static IndexedImage Bad(DatasetFile file, string error) => new(file, error, null, null, null);

    /// <summary>The statistics of <paramref name="channel"/>.</summary>
    public ChannelStatistics Channel(int channel) =>
        ChannelStatistics.Decode(Statistics.AsSpan(channel * ChannelStatistics.EncodedSize, ChannelStatistics.EncodedSize));
}
