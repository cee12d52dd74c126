namespace ConvLens.Circuits;

/// <summary>Names of <see cref="KernelRankMetric"/> for options and output.</summary>
public static class KernelRankMetrics
{
    /// <summary>The option values: <c>l2</c>, <c>mean</c>, <c>absmean</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["l2", "mean", "absmean"];

    /// <summary>The metric called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ConvLensException">Not one of <see cref="Names"/>.</exception>
    public static KernelRankMetric Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "l2" => KernelRankMetric.L2,
        "mean" => KernelRankMetric.Mean,
        "absmean" => KernelRankMetric.AbsMean,
        _ => throw new ConvLensException($"--rank must be one of {string.Join(", ", Names)}, not '{name}'"),
    };

    /// <summary>The option value of <paramref name="metric"/>.</summary>
    public static string Name(this KernelRankMetric metric) => Names[(int)metric];

    /// <summary>Words for titles: "L2 norm", "mean", "|mean|".</summary>
    public static string Description(this KernelRankMetric metric) => metric switch
    {
        KernelRankMetric.L2 => "L2 norm",
        KernelRankMetric.Mean => "mean",
        _ => "|mean|",
    };
}
