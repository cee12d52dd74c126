namespace ConvLens.Reporting;

/// <summary>
/// Reports on the calling thread, in order: <see cref="Progress{T}"/> would post to the thread pool, so a
/// progress bar could show a step after the stage had finished.
/// </summary>
public sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
