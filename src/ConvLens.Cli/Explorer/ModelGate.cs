namespace ConvLens.Cli.Explorer;

/// <summary>
/// Lets one computation use the model at a time (the engine already uses every core; sessions share
/// buffers), and lets what a person waits for (a channel page, an upload) go before background work (atlas
/// tiles): background work waits while any foreground work is queued.
/// </summary>
internal sealed class ModelGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private int _foregroundWaiting;

    /// <summary>Runs <paramref name="work"/> on a worker thread once the model is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, bool background, CancellationToken cancellation)
    {
        if (background)
            while (Volatile.Read(ref _foregroundWaiting) > 0) await Task.Delay(50, cancellation);
        else Interlocked.Increment(ref _foregroundWaiting);
        try
        {
            await _semaphore.WaitAsync(cancellation);
        }
        finally
        {
            if (!background) Interlocked.Decrement(ref _foregroundWaiting);
        }
        try
        {
            return await Task.Run(work, cancellation);
        }
        finally
        {
            _semaphore.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
