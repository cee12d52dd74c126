using ConvLens.Circuits;
using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>The circuit of a report: the top input channels' visualizations and the multi-layer graph.</summary>
/// <param name="InputImages">One visualization per top kernel slice, in rank order (null where the input is the image itself).</param>
/// <param name="Graph">The circuit graph with its thumbnails, or null when it was not built.</param>
/// <param name="GraphProblem">Why the graph is missing, or null.</param>
/// <param name="Visualized">Channels visualized for the figure and the graph together.</param>
public sealed record LabReportCircuitResult(IReadOnlyList<RgbImage?> InputImages, CircuitGraph? Graph, string? GraphProblem, int Visualized);
