using ConvLens.Attribution;
using ConvLens.Circuits;
using ConvLens.Dataset;
using ConvLens.Graph;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Runtime;
using ConvLens.Visualization;

namespace ConvLens.Reporting;

/// <summary>Everything a report measured, handed from the analysis to the page layout.</summary>
internal sealed record LabReportData(
    Network Network,
    LabReportOptions Options,
    Layer Layer,
    string Label,
    ClassificationHead? Classifier,
    DatasetRanking Ranking,
    IReadOnlyList<ChannelMap> TopMaps,
    IReadOnlyList<LoadedImage> Images,
    IReadOnlyList<ClassificationPrediction[]>? Predictions,
    FeatureVisualization Notebook,
    FeatureVisualization Modern,
    IReadOnlyList<ChannelActivationMap> ActivationMaps,
    KernelAnalysis? Kernels,
    string? KernelProblem,
    LabReportCircuitResult? Circuit,
    IReadOnlyList<AttributionMap> Attributions,
    VisualizationRecipe CircuitRecipe);
