using ConvLens.Runtime;

namespace ConvLens.Bench.Core;

/// <summary>ConvLens's activation (and input gradient) for one batch-1 input and seed: what the PyTorch peer must reproduce.</summary>
public sealed record ReferenceValues(FloatTensor Input, FloatTensor Seed, FloatTensor Activation, FloatTensor? Gradient);
