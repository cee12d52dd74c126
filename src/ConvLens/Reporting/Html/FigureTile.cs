namespace ConvLens.Reporting.Html;

/// <summary>One image of a <see cref="FigureRow"/> with its label underneath.</summary>
/// <param name="Image">The image.</param>
/// <param name="Label">First line under it (bold): what it is.</param>
/// <param name="Detail">Second line: a number or a file name; null for none.</param>
public sealed record FigureTile(ReportImage Image, string Label, string? Detail = null);
