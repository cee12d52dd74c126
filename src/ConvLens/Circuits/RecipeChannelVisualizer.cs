using ConvLens.Imaging;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Circuits;

/// <summary>
/// <see cref="IChannelVisualizer"/> over <see cref="FeatureVisualizer"/>: the channels of a layer are
/// optimised together, up to <see cref="MaxBatch"/> per pass, with a notebook or modern recipe.
/// </summary>
/// <param name="recipe">The recipe (its seed makes the images reproducible).</param>
/// <param name="display">How images become 8-bit colours.</param>
/// <param name="progress">Told after every step of every pass.</param>
public sealed class RecipeChannelVisualizer(VisualizationRecipe recipe, DisplayNormalization display, IProgress<VisualizationProgress>? progress = null) : IChannelVisualizer
{
    /// <summary>Most channels optimised in one pass (more would hold every layer's activations for that many images).</summary>
    public const int MaxBatch = 16;

    /// <summary>The recipe.</summary>
    public VisualizationRecipe Recipe => recipe;

    /// <summary>The display each recipe's images look right in: the notebook's std normalisation for its unbounded pixels, the modern recipe's pixels as they are.</summary>
    public static DisplayNormalization DefaultDisplay(VisualizationRecipe recipe) => recipe is NotebookRecipe ? DisplayNormalization.Std : DisplayNormalization.Pixels;

    /// <inheritdoc />
    public IReadOnlyList<RgbImage> Visualize(Network network, string layer, IReadOnlyList<int> channels, CancellationToken cancellation = default)
    {
        if (channels.Count == 0) return [];
        var results = new FeatureVisualizer(network).RenderChannels(new ChannelSelection(layer, channels), Math.Min(MaxBatch, channels.Count), recipe, progress, cancellation);
        return results.Select(r => r.ToImage(display)).ToList();
    }
}
