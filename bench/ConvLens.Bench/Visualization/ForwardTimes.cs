using ConvLens.Bench.Infrastructure;

namespace ConvLens.Bench.Visualization;

/// <summary>One forward pass to the benchmark's layer, batch 1: plain ONNX Runtime on the truncated file, and ConvLens.</summary>
public sealed record ForwardTimes(TimingSamples PlainOrt, TimingSamples ConvLens);
