namespace ConvLens.Dataset;

/// <summary>What one pass of <see cref="IndexPipeline"/> did.</summary>
/// <param name="Done">Files finished and handed to the sink (bad ones included).</param>
/// <param name="BadImages">Files that could not be read.</param>
/// <param name="Cancelled">True when the pass stopped early.</param>
/// <param name="Elapsed">Time it took.</param>
internal sealed record IndexPassResult(int Done, IReadOnlyList<BadImage> BadImages, bool Cancelled, TimeSpan Elapsed);
