namespace ConvLens.Circuits;

/// <summary>
/// The convolution output channel behind a channel of a named layer, and what lies between them.
/// </summary>
/// <param name="Conv">The convolution.</param>
/// <param name="Channel">Its output channel.</param>
/// <param name="Scale">
/// The product of the per-channel factors between the convolution and the named layer (BatchNorm's
/// γ/√(σ²+ε), constant multipliers): kernel slices are multiplied by it, so that a slice's sign and size
/// say how its input channel moves the named layer, not the raw convolution.
/// </param>
/// <param name="Path">The operators walked from the named layer back to the convolution, nearest first.</param>
public sealed record ConvChannel(ConvLayer Conv, int Channel, double Scale, IReadOnlyList<string> Path);
