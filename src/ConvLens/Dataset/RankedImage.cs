namespace ConvLens.Dataset;

/// <summary>One image of a ranking.</summary>
/// <param name="Rank">1 for the image that excites the channel most (least, for a bottom ranking).</param>
/// <param name="File">The file that was scored.</param>
/// <param name="Score">The channel's score for it.</param>
/// <param name="Statistics">All of the channel's statistics for it.</param>
/// <param name="PredictedClass">The classifier's top class, or null when the model has none.</param>
/// <param name="ClassProbability">Its probability.</param>
public sealed record RankedImage(int Rank, DatasetFile File, double Score, ChannelStatistics Statistics, int? PredictedClass, float? ClassProbability);
