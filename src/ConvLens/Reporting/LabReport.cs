using ConvLens.Attribution;
using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Targets;
using ConvLens.Circuits;
using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Reporting.Html;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Reporting;

/// <summary>
/// The whole lab on one channel, end to end, as one HTML page: the model, the classification of the
/// chosen images (when the model has a classifier), the channel's feature visualization by both recipes,
/// its activation maps, the dataset's top images and the score distribution, the kernel analysis, the
/// circuit figure and graph, an attribution panel and the objective curves, each with a caption written
/// from its numbers, and a reproducibility block. The modules do the work; this class runs them in
/// order, times them, reports progress and lays the results out.
/// </summary>
public static class LabReport
{
    /// <summary>Section ids of every report, in page order (the choice section only when the caller chose the channel).</summary>
    public static IReadOnlyList<string> SectionIds { get; } =
        ["model", "choice", "classification", "visualization", "activation-maps", "top-images", "kernels", "circuit", "attribution", "objective", ReportPage.ReproducibilityId];

    /// <summary>Runs the analysis on <paramref name="network"/> and writes the page.</summary>
    /// <exception cref="ConvLensException">The layer, channel, dataset or an image is not usable; the message names it.</exception>
    public static LabReportResult Run(Network network, LabReportOptions options, IProgress<LabReportProgress>? progress = null, CancellationToken cancellation = default)
    {
        var layer = network.Layers.Resolve(options.Layer);
        int channels = layer.Channels ?? throw new ConvLensException($"layer '{layer.DisplayName}' has no channel dimension; a report studies a channel of a convolutional layer");
        if (options.Channel < 0 || options.Channel >= channels)
            throw new ConvLensException($"layer '{layer.DisplayName}' has channels 0..{channels - 1}; channel {options.Channel} is out of range");
        if (!Directory.Exists(options.Dataset))
            throw new ConvLensException($"the dataset folder '{options.Dataset}' does not exist");
        if (options.TopK < 1) throw new ConvLensException($"the report needs at least one top image; top-k is {options.TopK}");
        foreach (var image in options.Images)
            if (!File.Exists(image)) throw new ConvLensException($"the image '{image}' does not exist");

        var label = $"{layer.DisplayName}:{options.Channel}";
        var classifier = FindClassifier(network);
        var circuitRecipe = options.CircuitRecipe ?? options.Notebook;
        int datasetFiles = DatasetScanner.Scan(options.Dataset).Count;
        int chosen = options.Images.Count > 0 ? options.Images.Count : options.ChosenImageCount;
        var stages = new LabReportStages(Plan(options, datasetFiles, chosen, circuitRecipe, classifier is not null), progress, cancellation);
        var (_, inputHeight, inputWidth) = network.InputSize;

        var examples = new DatasetExamples(network, layer.DisplayName, options.Dataset, new DatasetOptions { IndexPath = options.IndexPath, Images = options.ImageOptions });
        var ranking = stages.Run(LabReportStage.Dataset, report => examples.Rank(options.Channel, options.Score, progress: new CallbackProgress<IndexProgress>(p =>
            report(p.Total == 0 ? 1 : (double)p.Done / p.Total, $"{p.Done}/{p.Total} images, {p.ImagesPerSecond:F1}/s")), cancellation: cancellation));
        if (ranking.Images.Count == 0)
            throw new ConvLensException($"the dataset folder '{options.Dataset}' has no readable images ({ranking.BadImages.Count} files could not be read; formats: {ImageLoader.SupportedFormats})");
        var top = ranking.Top(options.TopK);
        var topMaps = stages.Run(LabReportStage.TopImages, _ => examples.Maps(top, options.Channel));

        var images = stages.Run(LabReportStage.Images, _ => (options.Images.Count > 0 ? options.Images : ranking.Images.Take(chosen).Select(i => i.File.FullPath))
            .Select(path => ImageLoader.Load(path, inputWidth, inputHeight, options.ImageOptions)).ToList());
        var predictions = classifier is null ? null : stages.Run(LabReportStage.Classification, report =>
            images.Select((image, i) => { report((double)i / images.Count, image.FileName); return classifier.Predict(network, image.ToTensor(), 5)[0]; }).ToList());

        var visualizer = new FeatureVisualizer(network);
        var objective = Objective.Channel(layer.DisplayName, options.Channel);
        var notebook = stages.Run(LabReportStage.Notebook, report => visualizer.Render(objective, 1, options.Notebook, StepProgress(report), cancellation).Images[0]);
        var modern = stages.Run(LabReportStage.Modern, report => visualizer.Render(objective, 1, options.Modern, StepProgress(report), cancellation).Images[0]);
        var maps = stages.Run(LabReportStage.ActivationMaps, _ => images.Select(i => ChannelActivationMap.Compute(network, i.ToTensor(), layer.DisplayName, options.Channel)).ToList());

        KernelAnalysis? kernels = null;
        string? kernelProblem = null;
        try { kernels = stages.Run(LabReportStage.Kernels, _ => KernelAnalyzer.Analyze(network, layer.DisplayName, options.Channel, KernelRankMetric.L2, options.KernelTop)); }
        catch (ConvLensException e) { kernelProblem = e.Message; }

        var circuit = kernels is null ? null : stages.Run(LabReportStage.Circuit, report => LabReportCircuit.Compute(network, kernels, options, circuitRecipe, report, cancellation));

        string camLayer = ChannelCamLayer(network, kernels, layer.DisplayName);
        var attributions = stages.Run(LabReportStage.Attribution, report => images.Select((image, i) =>
        {
            report((double)i / images.Count, image.FileName);
            var tensor = image.ToTensor();
            IAttributionTarget target = classifier is null ? new ChannelTarget(layer.DisplayName, options.Channel)
                : options.ExplainClass is int k ? ClassTarget.For(network, k) : ClassTarget.TopPrediction(network, tensor);
            return new GradCam { Layer = classifier is null ? camLayer : null }.Explain(network, tensor, target);
        }).ToList());

        var data = new LabReportData(network, options, layer, label, classifier, ranking, topMaps, images, predictions, notebook, modern,
            maps, kernels, kernelProblem, circuit, attributions, circuitRecipe);
        var page = stages.Run(LabReportStage.Page, _ => LabReportPage.Build(data));
        var timings = options.EarlierStages.Concat(stages.Timings).ToList();
        page.Reproducibility = LabReportPage.Reproducibility(data, timings);
        var path = ReportPageWriter.Write(page, options.OutputDirectory, options.SingleFile);
        var ids = page.Sections.Select(s => s.Id).Append(ReportPage.ReproducibilityId).ToList();
        return new LabReportResult(path, layer.DisplayName, options.Channel, ids, timings, classifier is not null,
            ranking.Images.Count, top.Select(t => t.File.RelativePath).ToList());
    }

    /// <summary>The model's classifier, or null when its outputs are not class scores.</summary>
    public static ClassificationHead? FindClassifier(Network network)
    {
        try { return ClassificationHead.Of(network); }
        catch (ConvLensException) { return null; }
    }

    /// <summary>
    /// The layer Grad-CAM reads to explain a channel: the input of the convolution that makes it (one step
    /// back, so the map says which earlier evidence the channel combines; at the channel's own layer Grad-CAM
    /// would only repeat its activation map), else the default CAM layer.
    /// </summary>
    private static string ChannelCamLayer(Network network, KernelAnalysis? kernels, string layer)
    {
        if (kernels is not null && network.Layers.Find(kernels.Target.Conv.InputValue) is { IsPreprocessing: false, Shape.Rank: 4 } input)
            return input.DisplayName;
        return CamLayers.Default(network, layer);
    }

    private static IProgress<VisualizationProgress> StepProgress(Action<double, string> report) =>
        new CallbackProgress<VisualizationProgress>(p => report((double)p.Step / Math.Max(1, p.Steps), $"step {p.Step}/{p.Steps}, objective {p.MeanObjective:F3}"));

    /// <summary>Expected seconds of each stage on two cores, for the progress bar's proportions.</summary>
    private static IEnumerable<(string, double)> Plan(LabReportOptions options, int files, int chosen, VisualizationRecipe circuitRecipe, bool classifier)
    {
        yield return (LabReportStage.Dataset, 0.06 * files);
        yield return (LabReportStage.TopImages, 0.05 * options.TopK);
        yield return (LabReportStage.Images, 0.05 * chosen);
        if (classifier) yield return (LabReportStage.Classification, 0.1 * chosen);
        yield return (LabReportStage.Notebook, 0.12 * options.Notebook.Steps);
        yield return (LabReportStage.Modern, 0.2 * options.Modern.Steps);
        yield return (LabReportStage.ActivationMaps, 0.05 * chosen);
        yield return (LabReportStage.Kernels, 0.1);
        int nodes = options.KernelTop * (1 + (options.CircuitDepth > 1 ? options.CircuitFanout : 0));
        yield return (LabReportStage.Circuit, 0.03 * nodes * circuitRecipe.Steps);
        yield return (LabReportStage.Attribution, 0.3 * chosen);
        yield return (LabReportStage.Page, 0.5);
    }
}
