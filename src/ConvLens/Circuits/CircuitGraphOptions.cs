namespace ConvLens.Circuits;

/// <summary>How far and how wide a <see cref="CircuitGraph"/> is expanded.</summary>
public sealed record CircuitGraphOptions
{
    /// <summary>The most layers below the target.</summary>
    public const int MaxDepth = 4;

    /// <summary>Layers below the target (1 is the single-layer circuit).</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Input channels kept for the target.</summary>
    public int Top { get; init; } = 6;

    /// <summary>Input channels kept for every deeper node; null keeps <see cref="Top"/>.</summary>
    public int? Fanout { get; init; }

    /// <summary>The weight ranking.</summary>
    public KernelRankMetric Metric { get; init; } = KernelRankMetric.L2;

    /// <summary>The most nodes the graph may hold (each costs a feature visualization).</summary>
    public int MaxNodes { get; init; } = 200;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ConvLensException">A value is out of range.</exception>
    public void Validate()
    {
        if (Depth < 1 || Depth > MaxDepth) throw new ConvLensException($"--depth must be 1..{MaxDepth}, not {Depth}");
        if (Top < 1) throw new ConvLensException($"--top must be at least 1, not {Top}");
        if (Fanout is < 1) throw new ConvLensException($"--fanout must be at least 1, not {Fanout}");
        if (MaxNodes < 2) throw new ConvLensException($"--max-nodes must be at least 2, not {MaxNodes}");
    }
}
