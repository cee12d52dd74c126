namespace ConvLens.Dataset;

/// <summary>The command-line names of <see cref="ChannelScore"/> values.</summary>
public static class ChannelScores
{
    /// <summary>The names accepted by <c>--score</c>, in the order of <see cref="ChannelScore"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["l2", "mean", "max"];

    /// <summary>The command-line name of <paramref name="score"/>.</summary>
    public static string NameOf(ChannelScore score) => Names[(int)score];

    /// <summary>Words for titles: "L2 norm", "mean", "max".</summary>
    public static string Describe(ChannelScore score) => score switch
    {
        ChannelScore.L2 => "L2 norm",
        ChannelScore.Mean => "mean",
        _ => "max",
    };

    /// <summary>The score called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ConvLensException">Not one of <see cref="Names"/>.</exception>
    public static ChannelScore Parse(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name.Trim(), StringComparison.OrdinalIgnoreCase)) return (ChannelScore)i;
        throw new ConvLensException($"unknown score '{name}'; use one of: {string.Join(", ", Names)}");
    }
}
