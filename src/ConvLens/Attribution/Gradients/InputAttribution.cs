namespace ConvLens.Attribution.Gradients;

/// <summary>What an input-gradient method computes for one image.</summary>
/// <param name="Values">One attribution per input value, C × H × W.</param>
/// <param name="Score">The target's score on the image.</param>
/// <param name="Completeness">The completeness check, for methods that have one.</param>
public sealed record InputAttribution(float[] Values, double Score, Completeness? Completeness = null);
