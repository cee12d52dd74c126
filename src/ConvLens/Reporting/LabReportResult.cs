using ConvLens.Reporting.Html;

namespace ConvLens.Reporting;

/// <summary>What a <see cref="LabReport"/> wrote and measured.</summary>
/// <param name="PagePath">The HTML page (full path).</param>
/// <param name="Layer">The layer studied (display name).</param>
/// <param name="Channel">The channel studied.</param>
/// <param name="SectionIds">The page's section ids, in order (the reproducibility block last).</param>
/// <param name="Timings">Wall time of each stage.</param>
/// <param name="HasClassifier">Whether the model classified the images.</param>
/// <param name="DatasetImages">Images ranked.</param>
/// <param name="TopImages">The top images' dataset-relative paths, best first.</param>
public sealed record LabReportResult(string PagePath, string Layer, int Channel, IReadOnlyList<string> SectionIds,
    IReadOnlyList<StageTiming> Timings, bool HasClassifier, int DatasetImages, IReadOnlyList<string> TopImages)
{
    /// <summary>The whole run's wall time.</summary>
    public TimeSpan Total => Timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
}
