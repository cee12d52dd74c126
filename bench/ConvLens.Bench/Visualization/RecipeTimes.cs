using ConvLens.Runtime;
using ConvLens.Visualization;

namespace ConvLens.Bench.Visualization;

/// <summary>ConvLens's side of the <c>visualize</c> benchmark: the recipes as run, their times (ms) and results.</summary>
/// <param name="ChannelBatchMs">16 channels × <paramref name="BatchSteps"/> notebook steps: ms for each batch size (1 = 16 single runs).</param>
public sealed record RecipeTimes(NotebookRecipe Notebook, ModernRecipe Modern, int BatchSteps,
    double NotebookMs, FeatureVisualization NotebookImage, double ModernMs, FeatureVisualization ModernImage,
    IReadOnlyDictionary<int, double> ChannelBatchMs, FloatTensor NotebookStart, FloatTensor NotebookFirstStep);
