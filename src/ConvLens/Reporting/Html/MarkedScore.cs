namespace ConvLens.Reporting.Html;

/// <summary>A score a plot marks individually (a top-k image), with its rank label.</summary>
/// <param name="Label">Short label drawn at the marker (for instance "#1").</param>
/// <param name="Score">The value.</param>
/// <param name="Tooltip">Longer text shown on hover (file name and score); null for the label.</param>
public sealed record MarkedScore(string Label, double Score, string? Tooltip = null);
