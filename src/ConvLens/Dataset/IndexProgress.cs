namespace ConvLens.Dataset;

/// <summary>How far a pass over a dataset has got.</summary>
/// <param name="Done">Images finished (computed or skipped as bad).</param>
/// <param name="Total">Images this pass computes (those the index already had are not counted).</param>
/// <param name="Failed">Bad files among <see cref="Done"/>.</param>
/// <param name="Elapsed">Time since the pass started.</param>
public sealed record IndexProgress(int Done, int Total, int Failed, TimeSpan Elapsed)
{
    /// <summary>Images per second so far.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}
