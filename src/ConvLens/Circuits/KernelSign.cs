namespace ConvLens.Circuits;

/// <summary>The sense of a kernel slice: the sign of its mean weight (BatchNorm scale folded in).</summary>
public enum KernelSign
{
    /// <summary>Positive mean: the input channel mostly raises the target channel.</summary>
    Excitatory,

    /// <summary>Negative mean: the input channel mostly lowers it.</summary>
    Inhibitory,

    /// <summary>A mean of exactly zero.</summary>
    Balanced,
}
