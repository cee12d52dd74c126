namespace ConvLens.Dataset;

/// <summary>Writes each batch to the activation index in one transaction.</summary>
internal sealed class IndexSink(ActivationIndex index, long contextId) : IIndexSink
{
    /// <inheritdoc />
    public void Write(IReadOnlyList<IndexedImage> batch) => index.Write(contextId, batch);
}
