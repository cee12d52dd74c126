namespace ConvLens.Cli.Explorer;

/// <summary>What a channel page shows, computed once: PNG figures by name and the numbers beside them.</summary>
internal sealed class ChannelAnalysis
{
    /// <summary>PNG files by name (<c>visualization</c>, <c>top-1</c>, <c>kernels</c>, <c>circuit</c>).</summary>
    public Dictionary<string, byte[]> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>The visualization's objective curve.</summary>
    public IReadOnlyList<double> Curve { get; set; } = [];

    /// <summary>The top dataset images, best first.</summary>
    public List<(int Rank, string Path, double Score)> TopImages { get; } = [];

    /// <summary>The score distribution plot (inline SVG), or null without a dataset.</summary>
    public string? Distribution { get; set; }

    /// <summary>Why a part is missing, by part (<c>top-images</c>, <c>kernels</c>, <c>circuit</c>).</summary>
    public Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>Captions by part.</summary>
    public Dictionary<string, string> Captions { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds the computation took.</summary>
    public double Seconds { get; set; }
}
