namespace ConvLens.Circuits;

/// <summary>How input channels are ranked by their kernel slices.</summary>
public enum KernelRankMetric
{
    /// <summary>L2 norm of the slice, largest first (the reference notebook's ranking).</summary>
    L2,

    /// <summary>Mean of the slice, most positive first (strongest excitation first).</summary>
    Mean,

    /// <summary>Absolute value of the mean, largest first (strongest net effect of either sign).</summary>
    AbsMean,
}
