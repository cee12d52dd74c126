namespace ConvLens.Visualization;

/// <summary>The images of one visualisation batch and how it went.</summary>
/// <param name="Images">One per batch item, in item order.</param>
/// <param name="Recipe">The recipe's name (<c>notebook</c>, <c>modern</c>).</param>
/// <param name="Steps">Optimisation steps run.</param>
/// <param name="Elapsed">Wall time of the whole run, compilation included.</param>
public sealed record VisualizationResult(IReadOnlyList<FeatureVisualization> Images, string Recipe, int Steps, TimeSpan Elapsed);
