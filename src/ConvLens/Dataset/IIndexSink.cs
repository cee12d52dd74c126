namespace ConvLens.Dataset;

/// <summary>Where a pass puts each finished batch: the SQLite index, or memory when running without one.</summary>
internal interface IIndexSink
{
    /// <summary>Keeps one batch; called on the pass's thread, one batch at a time.</summary>
    void Write(IReadOnlyList<IndexedImage> batch);
}
