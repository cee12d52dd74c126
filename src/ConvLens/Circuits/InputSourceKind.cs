namespace ConvLens.Circuits;

/// <summary>Where a walk back from a convolution's input stopped.</summary>
public enum InputSourceKind
{
    /// <summary>At a convolution: the channels are that convolution's (after its BatchNorm, activation, pooling).</summary>
    Conv,

    /// <summary>At a residual Add (or Sum): each channel is the sum of the branches' channels.</summary>
    Join,

    /// <summary>At a channel Concat: each branch owns a range of channels.</summary>
    Concat,

    /// <summary>At the network's input image.</summary>
    GraphInput,

    /// <summary>At an operator that mixes channels in another way (a reshape, a matrix product).</summary>
    Other,
}
