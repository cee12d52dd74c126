using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Visualization;

/// <summary>
/// Finds images that maximise an <see cref="Objective"/> on a <see cref="Network"/>, by either recipe:
/// <see cref="NotebookRecipe"/> (the reference notebook's plain gradient ascent) or <see cref="ModernRecipe"/>
/// (Fourier and decorrelated-colour parameterisation, robustness transforms, Adam). A batch optimises
/// <c>batchSize</c> images at once, sharing every forward and backward pass: item <c>i</c> maximises the
/// objective's terms on every item plus those aimed at item <c>i</c> (see <see cref="Objective.Channels"/>).
/// Holds no session between calls (the network's cache keeps them), so it needs no disposing.
/// </summary>
public sealed class FeatureVisualizer
{
    /// <summary>Visualises features of <paramref name="network"/> (not owned: the caller disposes it).</summary>
    public FeatureVisualizer(Network network) => Network = network;

    /// <summary>The network.</summary>
    public Network Network { get; }

    /// <summary>Runs <paramref name="recipe"/> on a batch of images.</summary>
    /// <param name="objective">What to maximise.</param>
    /// <param name="batchSize">Images optimised together.</param>
    /// <param name="recipe">The notebook's or the modern recipe, with its settings and seed.</param>
    /// <param name="progress">Told after every step.</param>
    /// <param name="cancellation">Checked before every step.</param>
    /// <exception cref="ConvLensException">The objective does not fit the network, or an option is out of range.</exception>
    public VisualizationResult Render(Objective objective, int batchSize, VisualizationRecipe recipe,
        IProgress<VisualizationProgress>? progress = null, CancellationToken cancellation = default) => recipe switch
    {
        NotebookRecipe notebook => NotebookRenderer.Render(Network, objective, batchSize, notebook, progress, cancellation),
        ModernRecipe modern => ModernRenderer.Render(Network, objective, batchSize, modern, progress, cancellation),
        _ => throw new ArgumentException($"unknown recipe {recipe.GetType().Name}", nameof(recipe)),
    };

    /// <summary>
    /// Visualises each channel of <paramref name="selection"/>, <paramref name="batchSize"/> channels per pass,
    /// with either recipe. The channel at position <c>j</c> of the selection uses seed <c>Seed + j</c> whatever
    /// the batch size, so the images do not depend on how the channels are batched. Progress counts the
    /// steps of all passes.
    /// </summary>
    /// <exception cref="ConvLensException">The layer or a channel does not exist.</exception>
    public IReadOnlyList<FeatureVisualization> RenderChannels(ChannelSelection selection, int batchSize, VisualizationRecipe recipe,
        IProgress<VisualizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        selection.Validate(Network);
        var images = new List<FeatureVisualization>();
        var chunks = selection.Channels.Chunk(batchSize).ToArray();
        for (int k = 0; k < chunks.Length; k++)
        {
            var objective = Objective.Channels(selection.Layer, chunks[k]);
            int done = k * recipe.Steps;
            var passProgress = progress is null ? null : new ForwardingProgress(p => progress.Report(
                p with { Step = done + p.Step, Steps = chunks.Length * recipe.Steps }));
            var result = Render(objective, chunks[k].Length, recipe with { Seed = recipe.Seed + k * batchSize }, passProgress, cancellation);
            images.AddRange(result.Images.Select((image, i) => image.WithLabel(selection.Label(chunks[k][i]))));
        }
        return images;
    }

    /// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class ForwardingProgress(Action<VisualizationProgress> report) : IProgress<VisualizationProgress>
    {
        public void Report(VisualizationProgress value) => report(value);
    }
}
