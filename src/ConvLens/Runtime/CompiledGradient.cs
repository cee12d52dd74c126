using ConvLens.Autodiff;

namespace ConvLens.Runtime;

/// <summary>
/// What a cached gradient session was compiled from, kept with it so that every request for the same session
/// (by any of a layer's names) finds the same values: the differentiated graph and the prepared model's
/// objective values and sliced layers.
/// </summary>
internal sealed record CompiledGradient(GradientGraph Graph, GradientModelBuilder.Prepared Prepared);
