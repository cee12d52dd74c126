using System.Collections.Concurrent;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// Values computed once per key however many requests ask at the same time: the first request starts the
/// computation and every other one gets the same job. A failed job is dropped, so a later request retries.
/// </summary>
internal sealed class KeyedTaskCache<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<TValue>> _entries = new();
    private int _started;

    /// <summary>How many values were created (cache misses): the number of computations started.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>The value of <paramref name="key"/>, created by <paramref name="create"/> only if no request did before.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create) =>
        // Lazy with ExecutionAndPublication: when two requests race to add, only the winning entry's factory ever runs.
        _entries.GetOrAdd(key, k => new Lazy<TValue>(() =>
        {
            Interlocked.Increment(ref _started);
            return create(k);
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The value of <paramref name="key"/> when it was created, else default.</summary>
    public bool TryGet(TKey key, out TValue? value)
    {
        if (_entries.TryGetValue(key, out var lazy) && lazy.IsValueCreated)
        {
            value = lazy.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Forgets <paramref name="key"/> (after a failure), so the next request computes again.</summary>
    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Every value created so far.</summary>
    public IEnumerable<TValue> Values => _entries.Values.Where(l => l.IsValueCreated).Select(l => l.Value);
}
