namespace ConvLens.Visualization;

/// <summary>Where a visualisation stands: reported after every step.</summary>
/// <param name="Step">Steps done so far (1..<paramref name="Steps"/>).</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Objectives">The objective of each batch item at this step.</param>
public readonly record struct VisualizationProgress(int Step, int Steps, IReadOnlyList<double> Objectives)
{
    /// <summary>The mean objective over the batch.</summary>
    public double MeanObjective => Objectives.Count == 0 ? 0 : Objectives.Average();
}
