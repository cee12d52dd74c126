namespace ConvLens.Runtime;

/// <summary>
/// How ConvLens runs ONNX Runtime. Kept apart from the <see cref="Network"/> that owns the sessions;
/// every option defaults to what measured best on CPUs (see README, "Performance").
/// </summary>
public sealed record EngineOptions
{
    /// <summary>Threads inside one operator; defaults to the machine's core count.</summary>
    public int IntraOpThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Threads across independent operators (CNNs are chains: 1 is best).</summary>
    public int InterOpThreads { get; init; } = 1;

    /// <summary>ONNX Runtime's graph optimisation level (ALL measured faster than EXTENDED for CNNs).</summary>
    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>Memory-pattern planning; off by default: it nearly doubled peak memory at batch 16 with no speed gain.</summary>
    public bool MemoryPattern { get; init; }

    /// <summary>Weight pre-packing; off by default: it copied weights used by two nodes (+690 MB on VGG19) with no speed gain.</summary>
    public bool Prepacking { get; init; }

    /// <summary>
    /// Whether idle ONNX Runtime threads spin. Spinning threads of two sessions used one after the other
    /// slow each other down; on by default since ConvLens folds everything into one session per task.
    /// </summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>How many compiled sessions a <see cref="Network"/> keeps; the least recently used is disposed first.</summary>
    public int SessionCacheCapacity { get; init; } = 6;

    /// <summary>Where diagnostic messages go (session creation times, cache hits); null for nowhere.</summary>
    public Action<string>? Log { get; init; }
}
