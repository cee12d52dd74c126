namespace ConvLens.Runtime;

/// <summary>
/// Compiled sessions by key (model fingerprint, outputs, gradient request), least recently used
/// first out; an evicted session is disposed. Thread-safe; a key is compiled once even when asked for
/// by several threads at the same time.
/// </summary>
internal sealed class SessionCache : IDisposable
{
    private readonly int _capacity;
    private readonly LinkedList<(string Key, Lazy<CompiledGraph> Value)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Lazy<CompiledGraph> Value)>> _index = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;

    public SessionCache(int capacity) => _capacity = Math.Max(1, capacity);

    /// <summary>How many sessions were compiled (not answered from the cache).</summary>
    public int Compilations { get; private set; }

    public CompiledGraph GetOrAdd(string key, Func<CompiledGraph> create)
    {
        Lazy<CompiledGraph> lazy;
        var evicted = new List<Lazy<CompiledGraph>>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                lazy = node.Value.Value;
            }
            else
            {
                lazy = new Lazy<CompiledGraph>(create, LazyThreadSafetyMode.ExecutionAndPublication);
                _index[key] = _order.AddFirst((key, lazy));
                Compilations++;
                while (_order.Count > _capacity)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _index.Remove(last.Value.Key);
                    evicted.Add(last.Value.Value);
                }
            }
        }
        foreach (var e in evicted.Where(e => e.IsValueCreated)) e.Value.Dispose();
        try { return lazy.Value; }
        catch
        {
            lock (_gate)
                if (_index.TryGetValue(key, out var n) && n.Value.Value == lazy) { _order.Remove(n); _index.Remove(key); }
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var (_, lazy) in _order)
                if (lazy.IsValueCreated) lazy.Value.Dispose();
            _order.Clear();
            _index.Clear();
        }
    }
}
