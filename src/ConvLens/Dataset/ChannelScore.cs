namespace ConvLens.Dataset;

/// <summary>How one channel's activation map is reduced to the number images are ranked by.</summary>
public enum ChannelScore
{
    /// <summary>The L2 norm of the map (the reference notebook's choice): strong, widespread responses.</summary>
    L2,

    /// <summary>The mean of the map.</summary>
    Mean,

    /// <summary>The largest value: one strong spot is enough.</summary>
    Max,
}
