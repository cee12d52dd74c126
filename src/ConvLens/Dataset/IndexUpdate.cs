namespace ConvLens.Dataset;

/// <summary>What bringing an index up to date did.</summary>
/// <param name="Files">Image files in the dataset (or in the shard).</param>
/// <param name="Computed">Files read and run through the model in this pass (bad ones included).</param>
/// <param name="Cached">Files the index already had, unchanged.</param>
/// <param name="BadImages">Every file that could not be read, from this pass or remembered by the index, by path.</param>
/// <param name="Cancelled">True when the pass was stopped; everything committed before stays valid.</param>
/// <param name="Elapsed">Time the pass took.</param>
public sealed record IndexUpdate(int Files, int Computed, int Cached, IReadOnlyList<BadImage> BadImages, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>Images per second of the computing pass (0 when nothing was computed).</summary>
    public double ImagesPerSecond => Computed > 0 && Elapsed.TotalSeconds > 0 ? Computed / Elapsed.TotalSeconds : 0;
}
