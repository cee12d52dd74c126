namespace ConvLens.Reporting.Html;

/// <summary>How long one stage of a report took.</summary>
/// <param name="Stage">What ran (for instance "feature visualization, modern recipe").</param>
/// <param name="Duration">Wall-clock time.</param>
public sealed record StageTiming(string Stage, TimeSpan Duration);
