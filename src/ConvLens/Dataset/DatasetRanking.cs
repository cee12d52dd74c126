namespace ConvLens.Dataset;

/// <summary>
/// Every readable image of a dataset ranked by one channel's score: highest first (lowest first for a
/// bottom ranking), equal scores in path order (ordinal), NaN scores last.
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="Score">What it was ranked by.</param>
/// <param name="Bottom">True when the lowest scores come first.</param>
/// <param name="Images">The ranking.</param>
/// <param name="Update">What was computed to answer (nothing, when the index had every image).</param>
public sealed record DatasetRanking(int Channel, ChannelScore Score, bool Bottom, IReadOnlyList<RankedImage> Images, IndexUpdate Update)
{
    /// <summary>Files that could not be read.</summary>
    public IReadOnlyList<BadImage> BadImages => Update.BadImages;

    /// <summary>The first <paramref name="k"/> images.</summary>
    public IReadOnlyList<RankedImage> Top(int k) => Images.Take(k).ToArray();
}
