using System.Diagnostics;
using ConvLens.Attribution;
using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Targets;
using ConvLens.Circuits;
using ConvLens.Dataset;
using ConvLens.Graph;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Reporting;
using ConvLens.Reporting.Html;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// The explorer's computations on one model: channel analyses and layer atlases (each computed once and
/// cached), and explanations of uploaded images. All model work goes through one <see cref="ModelGate"/>.
/// </summary>
internal sealed class ExplorerLab : IDisposable
{
    private readonly ModelGate _gate = new();
    private readonly KeyedTaskCache<(string Layer, int Channel), ChannelJob> _channels = new();
    private readonly KeyedTaskCache<string, AtlasJob> _atlases = new();
    private readonly KeyedTaskCache<string, DatasetExamples> _examples = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string? _temporaryIndex;

    public ExplorerLab(Network network, ExplorerOptions options)
    {
        Network = network;
        Options = options;
        Classifier = LabReport.FindClassifier(network);
        if (options.Dataset is not null && options.IndexPath is null)
        {
            _temporaryIndex = Path.Combine(Path.GetTempPath(), $"convlens-explorer-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        }
        ConvLayers = network.Layers.All.Where(l => !l.IsPreprocessing && l.Shape is { Rank: 4 } && l.Aliases.Any(a => a.StartsWith("conv", StringComparison.Ordinal) || a.Contains("_conv", StringComparison.Ordinal)))
            .ToList();
    }

    public Network Network { get; }

    public ExplorerOptions Options { get; }

    public ClassificationHead? Classifier { get; }

    /// <summary>The layers the explorer lists: convolution outputs with channel maps.</summary>
    public IReadOnlyList<Layer> ConvLayers { get; }

    /// <summary>Channel analyses started so far (each channel counts once however many requests asked).</summary>
    public int ChannelComputations => _channels.Started;

    /// <summary>Resolves a layer from a URL, refusing layers without channel maps.</summary>
    /// <exception cref="ConvLensException">No such layer, or it has no channels.</exception>
    public Layer ResolveLayer(string name)
    {
        var layer = Network.Layers.Resolve(name);
        if (layer.IsPreprocessing || layer.Shape is not { Rank: 4 } || layer.Channels is null)
            throw new ConvLensException($"layer '{name}' has no channel maps (shape {layer.Shape}); the explorer shows convolutional layers");
        return layer;
    }

    /// <summary>The job of one channel, started by the first request that asks.</summary>
    /// <exception cref="ConvLensException">The layer or channel does not exist.</exception>
    public ChannelJob Channel(string layerName, int channel)
    {
        var layer = ResolveLayer(layerName);
        if (channel < 0 || channel >= layer.Channels)
            throw new ConvLensException($"layer '{layer.DisplayName}' has channels 0..{layer.Channels - 1}; channel {channel} is out of range");
        var job = _channels.GetOrAdd((layer.Value, channel), _ =>
        {
            var progress = new JobProgress();
            var task = _gate.RunAsync(() => Analyze(layer, channel, progress), background: false, _stopping.Token);
            return new ChannelJob(layer.DisplayName, channel, progress, task);
        });
        // A failed computation is forgotten, so reloading the page tries again.
        if (job.Result.IsFaulted || job.Result.IsCanceled) _channels.Remove((layer.Value, channel));
        return job;
    }

    /// <summary>The atlas of a layer, started by the first request that asks.</summary>
    public AtlasJob Atlas(string layerName)
    {
        var layer = ResolveLayer(layerName);
        return _atlases.GetOrAdd(layer.Value, _ =>
        {
            var atlas = new AtlasJob(layer.DisplayName, layer.Channels!.Value);
            atlas.Work = FillAtlasAsync(layer, atlas);
            return atlas;
        });
    }

    /// <summary>Classifies and explains an uploaded image.</summary>
    public Task<ExplainResult> ExplainAsync(RgbImage image, string name, string? layerName, int? channel) =>
        _gate.RunAsync(() => Explain(image, name, layerName, channel), background: false, _stopping.Token);

    private async Task FillAtlasAsync(Layer layer, AtlasJob atlas)
    {
        var recipe = new ModernRecipe { Steps = Options.AtlasSteps, Seed = Options.Seed, Threads = Network.Options.IntraOpThreads };
        try
        {
            for (int start = 0; start < atlas.Channels; start += Options.AtlasBatch)
            {
                var channels = Enumerable.Range(start, Math.Min(Options.AtlasBatch, atlas.Channels - start)).ToList();
                var images = await _gate.RunAsync(() => new FeatureVisualizer(Network).RenderChannels(new ChannelSelection(layer.DisplayName, channels), channels.Count, recipe with { Seed = Options.Seed + start }),
                    background: true, _stopping.Token);
                for (int i = 0; i < channels.Count; i++)
                {
                    atlas.Objectives[channels[i]] = images[i].FinalObjective;
                    atlas.Tiles[channels[i]] = ImageWriter.EncodePng(images[i].ToImage(DisplayNormalization.Pixels));
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is ConvLensException or InvalidOperationException)
        {
            atlas.Error = e.Message;
        }
    }

    private ChannelAnalysis Analyze(Layer layer, int channel, JobProgress progress)
    {
        var clock = Stopwatch.StartNew();
        var analysis = new ChannelAnalysis();
        var label = $"{layer.DisplayName}:{channel}";
        var recipe = new ModernRecipe { Steps = Options.ChannelSteps, Seed = Options.Seed, Threads = Network.Options.IntraOpThreads };
        var visualization = new FeatureVisualizer(Network).Render(Objective.Channel(layer.DisplayName, channel), 1, recipe,
            new CallbackProgress<VisualizationProgress>(p => progress.Report($"feature visualization: step {p.Step}/{p.Steps}", 0.5 * p.Step / Math.Max(1, p.Steps)))).Images[0];
        analysis.Images["visualization"] = ImageWriter.EncodePng(visualization.ToImage(DisplayNormalization.Pixels));
        analysis.Curve = visualization.Curve;
        analysis.Captions["visualization"] = $"Modern recipe, {recipe.Steps} steps, seed {recipe.Seed}: the mean activation of {label} rose from " +
            $"{HtmlText.Number(visualization.Curve[0])} to {HtmlText.Number(visualization.FinalObjective)}.";

        progress.Report("top dataset images", 0.5);
        TopImages(layer, channel, label, analysis, progress);

        progress.Report("kernel analysis", 0.75);
        KernelAnalysis? kernels = null;
        try
        {
            kernels = KernelAnalyzer.Analyze(Network, layer.DisplayName, channel, KernelRankMetric.L2, Options.KernelTop);
            var (headers, panels) = KernelFigure.Content(kernels);
            using (var figure = KernelFigure.Render(headers, panels)) analysis.Images["kernels"] = Encode(figure);
            analysis.Captions["kernels"] = ReportCaptions.Kernels(kernels.TopSlices.Select(s => (s.InputChannel, s.L2Norm, s.Mean)).ToList(), kernels.Slices.Count,
                Math.Sqrt(kernels.Slices.Sum(s => s.L2Norm * s.L2Norm)), label);
        }
        catch (ConvLensException e)
        {
            analysis.Notes["kernels"] = e.Message;
            analysis.Notes["circuit"] = e.Message;
        }

        if (kernels is not null)
        {
            progress.Report("circuit", 0.8);
            var inputValue = kernels.Target.Conv.InputValue;
            var circuitRecipe = new NotebookRecipe { Steps = Options.CircuitSteps, Seed = Options.Seed };
            var visualizer = new RecipeChannelVisualizer(circuitRecipe, DisplayNormalization.Std,
                new CallbackProgress<VisualizationProgress>(p => progress.Report($"circuit: step {p.Step}/{p.Steps}", 0.8 + 0.19 * p.Step / Math.Max(1, p.Steps))));
            IReadOnlyList<RgbImage?> inputs = Network.Layers.Find(inputValue) is { IsPreprocessing: false }
                ? visualizer.Visualize(Network, inputValue, kernels.TopSlices.Select(s => s.InputChannel).ToList()).Select(i => (RgbImage?)i).ToList()
                : kernels.TopSlices.Select(_ => (RgbImage?)null).ToList();
            using (var figure = CircuitFigure.Render(kernels, inputs)) analysis.Images["circuit"] = Encode(figure);
            analysis.Captions["circuit"] = $"The {kernels.TopSlices.Count} strongest kernel slices of {label} and what each of those input channels of {kernels.Input.DisplayName} " +
                $"responds to (notebook recipe, {circuitRecipe.Steps} steps).";
        }
        analysis.Seconds = clock.Elapsed.TotalSeconds;
        progress.Report("done", 1);
        return analysis;
    }

    private void TopImages(Layer layer, int channel, string label, ChannelAnalysis analysis, JobProgress progress)
    {
        if (Options.Dataset is null)
        {
            analysis.Notes["top-images"] = "No dataset: start the explorer with --dataset DIR to rank images by this channel.";
            return;
        }
        var examples = _examples.GetOrAdd(layer.Value, _ => new DatasetExamples(Network, layer.DisplayName, Options.Dataset,
            new DatasetOptions { IndexPath = Options.IndexPath ?? _temporaryIndex }));
        var ranking = examples.Rank(channel, progress: new CallbackProgress<IndexProgress>(p =>
            progress.Report($"top dataset images: {p.Done}/{p.Total}", 0.5 + 0.2 * p.Done / Math.Max(1, p.Total))));
        if (ranking.Images.Count == 0)
        {
            analysis.Notes["top-images"] = $"The dataset has no readable images ({ranking.BadImages.Count} files could not be read).";
            return;
        }
        var top = ranking.Top(Options.TopK);
        var maps = examples.Maps(top, channel);
        for (int i = 0; i < maps.Count; i++)
        {
            var m = maps[i];
            analysis.Images[$"top-{i + 1}"] = ImageWriter.EncodePng(TopImagesFigure.Overlay(new TopImagesFigureTile(m.ModelView, m.Map, m.Height, m.Width, "", "")));
            analysis.TopImages.Add((m.Image.Rank, m.Image.File.RelativePath, m.Image.Score));
        }
        var scores = ranking.Images.Select(r => r.Score).ToList();
        analysis.Distribution = ScoreDistributionPlot.Render(scores, top.Select(t => new MarkedScore($"#{t.Rank}", t.Score, t.File.RelativePath)).ToList(), $"L2 norm of {label}", 640, 240);
        analysis.Captions["top-images"] = ReportCaptions.TopImages(scores, top.Select(t => (t.File.RelativePath, t.Score)).ToList(), label, "the L2 norm of its activation");
    }

    private ExplainResult Explain(RgbImage original, string name, string? layerName, int? channel)
    {
        var (_, height, width) = Network.InputSize;
        var image = ImageLoader.Prepare(original, name, width, height);
        var tensor = image.ToTensor();
        var predictions = Classifier?.Predict(Network, tensor, 5)[0];
        var layer = layerName is null ? LabReportChannelChooser.ChooseLayer(Network).Layer : ResolveLayer(layerName);
        var activation = Network.Activations(tensor, layer.Value)[layer.Value];
        int channels = activation.Shape[1], plane = activation.ItemLength / channels;
        int chosen = channel ?? Enumerable.Range(0, channels).MaxBy(c => activation.Data.AsSpan(c * plane, plane).ToArray().Average())!;
        if (chosen < 0 || chosen >= channels)
            throw new ConvLensException($"layer '{layer.DisplayName}' has channels 0..{channels - 1}; channel {chosen} is out of range");
        var map = ChannelActivationMap.Compute(Network, tensor, layer.DisplayName, chosen);
        var activationOverlay = HeatmapOverlay.Blend(original, map.Values, map.Height, map.Width);

        IAttributionTarget target = Classifier is null ? new ChannelTarget(layer.DisplayName, chosen) : ClassTarget.TopPrediction(Network, tensor);
        var camLayer = Classifier is null ? CamLayerBefore(layer) : null;
        var cam = new GradCam { Layer = camLayer }.Explain(Network, tensor, target);
        var camOverlay = HeatmapOverlay.Blend(original, cam.Values, cam.Height, cam.Width, new HeatmapOverlayStyle { Colormap = Colormaps.Jet, Alpha = 0.45 });
        return new ExplainResult(name, original.Width, original.Height, predictions, layer.DisplayName, chosen, map.Statistics.Max, map.Statistics.Mean,
            ImageWriter.EncodePng(Fit(activationOverlay)), cam.Target, cam.Layer, ImageWriter.EncodePng(Fit(camOverlay)),
            ReportCaptions.Attribution(name, "Grad-CAM", cam.Target, cam.Layer, cam.Values, cam.Height, cam.Width),
            ReportCaptions.ActivationMap(name, map.Values, map.Height, map.Width, null, 0));
    }

    private string? CamLayerBefore(Layer layer)
    {
        try
        {
            var input = KernelAnalyzer.Analyze(Network, layer.DisplayName, 0, KernelRankMetric.L2, 1).Target.Conv.InputValue;
            return Network.Layers.Find(input) is { IsPreprocessing: false, Shape.Rank: 4 } found ? found.DisplayName : null;
        }
        catch (ConvLensException)
        {
            return null;
        }
    }

    private static RgbImage Fit(RgbImage image, int side = 512)
    {
        if (image.Width <= side && image.Height <= side) return image;
        double scale = Math.Min(side / (double)image.Width, side / (double)image.Height);
        int w = Math.Max(1, (int)Math.Round(image.Width * scale)), h = Math.Max(1, (int)Math.Round(image.Height * scale));
        return RgbImage.FromChw(ImageLoader.Prepare(image, "overlay", w, h).Pixels, w, h);
    }

    private static byte[] Encode(SkiaSharp.SKBitmap bitmap)
    {
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var atlas in _atlases.Values)
            try { atlas.Work?.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        foreach (var job in _channels.Values)
            try { job.Result.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        _gate.Dispose();
        _stopping.Dispose();
        if (_temporaryIndex is not null)
            foreach (var file in new[] { _temporaryIndex, _temporaryIndex + "-wal", _temporaryIndex + "-shm" })
                try { File.Delete(file); } catch (IOException) { }
    }
}
