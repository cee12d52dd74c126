using System.Globalization;
using System.Text.RegularExpressions;
using ConvLens.Circuits;
using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Reporting.Html;
using ConvLens.Visualization;

namespace ConvLens.Reporting;

/// <summary>Lays out what a <see cref="LabReport"/> measured as the sections of its page.</summary>
internal static partial class LabReportPage
{
    private const int Thumbnail = 200;

    public static ReportPage Build(LabReportData data)
    {
        var network = data.Network;
        var title = data.Options.Title ?? $"Channel {data.Options.Channel} of {data.Layer.DisplayName}";
        var page = new ReportPage(title, $"{ModelName(data)} · layer {data.Layer.DisplayName} ({data.Layer.Value}) · channel {data.Options.Channel}");
        page.KeyFacts.Add(new("Model", ModelName(data)));
        page.KeyFacts.Add(new("Layer", $"{data.Layer.DisplayName} {data.Layer.Shape}"));
        page.KeyFacts.Add(new("Channel", $"{data.Options.Channel} of {data.Layer.Channels}"));
        page.KeyFacts.Add(new("Dataset", $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(data.Options.Dataset)))}/ ({data.Ranking.Images.Count} images)"));
        page.KeyFacts.Add(new("Images explained", string.Join(", ", data.Images.Select(i => i.FileName))));
        page.KeyFacts.Add(new("Classifier", data.Classifier is null ? "none (feature extractor)" : $"{data.Classifier.ClassCount} classes"));

        page.Sections.Add(ModelSection(data));
        if (data.Options.Choice is { } choice) page.Sections.Add(ChoiceSection(data, choice));
        page.Sections.Add(ClassificationSection(data));
        page.Sections.Add(VisualizationSection(data));
        page.Sections.Add(ActivationSection(data));
        page.Sections.Add(TopImagesSection(data));
        page.Sections.Add(KernelSection(data));
        page.Sections.Add(CircuitSection(data));
        page.Sections.Add(AttributionSection(data));
        page.Sections.Add(ObjectiveSection(data));
        return page;
    }

    public static Reproducibility Reproducibility(LabReportData data, IReadOnlyList<StageTiming> timings) => new()
    {
        Command = data.Options.Command,
        Model = $"{ModelName(data)} ({data.Network.Model.Source})",
        ModelFingerprint = data.Network.Fingerprint,
        Preprocessing = data.Network.Preprocessing,
        Seeds = [new("notebook recipe", data.Options.Notebook.Seed), new("modern recipe", data.Options.Modern.Seed), new("circuit visualizations", data.CircuitRecipe.Seed)],
        Timings = timings.ToList(),
        Threads = data.Network.Options.IntraOpThreads,
    };

    private static ReportSection ModelSection(LabReportData data)
    {
        var network = data.Network;
        var layers = network.Layers.All.Where(l => !l.IsPreprocessing).ToList();
        var convs = layers.Where(l => l.Aliases.Any(a => ConvAlias().IsMatch(a))).ToList();
        var input = network.Input;
        var facts = new List<IReadOnlyList<string>>
        {
            Row("Source", network.Model.Source),
            Row("Input", $"{input.Name} {input.Shape}, RGB pixels 0..255"),
            Row("Preprocessing", network.Preprocessing),
            Row("Layers", $"{layers.Count} values, {convs.Count} convolutions"),
            Row("Parameters", network.Layers.TotalParameters.ToString("N0", CultureInfo.InvariantCulture)),
            Row("Outputs", string.Join(", ", network.Model.Graph.Outputs.Select(o => $"{o.Name} {network.Model.Graph.ShapeOf(o.Name) ?? o.Shape}"))),
        };
        int studied = convs.FindIndex(l => l.Value == data.Layer.Value);
        var rows = convs.Select((l, i) => Row(i == studied ? $"{l.DisplayName} ◀ studied" : l.DisplayName, Compact(l.Shape), ConvParameters(network, l), l.Node.OpType, l.Value)).ToList();
        var section = new ReportSection("model", "Model")
            .Add(new DataTable(["Property", "Value"], facts, "Summary"))
            .Add(new DataTable(["Convolution", "Output (C×H×W)", "Kernel (O×I×H×W)", "Ends in", "ONNX value"], rows, "Convolutional layers"));
        section.Caption = $"{ModelName(data)} has {convs.Count} convolutions and {network.Layers.TotalParameters:N0} parameters. " +
            (studied >= 0
                ? $"The studied layer {data.Layer.DisplayName} is convolution {studied + 1} of {convs.Count} (counted after its normalisation and activation), "
                : $"The studied layer {data.Layer.DisplayName} ({data.Layer.Node.OpType}) ") +
            $"with output {data.Layer.Shape}: each of its {data.Layer.Channels} channels is a map of {MapSize(data)}.";
        return section;
    }

    private static ReportSection ChoiceSection(LabReportData data, LabReportChannelChoice choice)
    {
        var bars = choice.Candidates.Select((c, i) => new RankedBarPlot.Bar($"{(i == 0 ? "chosen: " : "")}channel {c.Channel}", c.Score, true,
            $"channel {c.Channel}: {HtmlText.Number(c.Score)}", i == 0 ? PlotColors.Highlight : PlotColors.Bulk)).ToList();
        var section = new ReportSection("choice", "How the demo chose this channel")
            .Add(new Paragraph(choice.LayerRule))
            .Add(new Paragraph(choice.Explanation))
            .Add(new SvgFigure(RankedBarPlot.Render(bars, choice.ScoreName, 620), $"the {bars.Count} most selective channels", "Most selective channels of the layer"));
        if (choice.ReportCommand is not null) section.Add(new Paragraph($"The same analysis of this channel, named instead of chosen: {choice.ReportCommand}"));
        return section;
    }

    private static ReportSection ClassificationSection(LabReportData data)
    {
        var section = new ReportSection("classification", "Classification");
        if (data.Classifier is null || data.Predictions is null)
        {
            var outputs = string.Join(", ", data.Network.Model.Graph.Outputs.Select(o => $"'{o.Name}' {data.Network.Model.Graph.ShapeOf(o.Name) ?? o.Shape}"));
            section.Note = $"Left out: {ModelName(data)} has no classifier. Its output {outputs} is a feature vector, not one score per class, " +
                           "so the images are not classified and the attribution panel explains the channel instead of a class.";
            return section;
        }
        var (_, h, w) = data.Network.InputSize;
        var tiles = data.Images.Select((image, i) =>
        {
            var best = data.Predictions[i][0];
            return new FigureTile(ReportImage.From(RgbImage.FromChw(image.Pixels, w, h), $"classified-{i + 1}.png", $"{image.FileName} as the model sees it"),
                best.Description, $"{Percent(best.Probability)} · {image.FileName}");
        }).ToList();
        var rows = data.Images.SelectMany((image, i) => data.Predictions[i].Select(p =>
            Row(image.FileName, p.Index.ToString(CultureInfo.InvariantCulture), p.Description, Percent(p.Probability)))).ToList();
        section.Add(new FigureRow(tiles, Thumbnail)).Add(new DataTable(["Image", "Class", "Description", "Probability"], rows, "Top 5 classes"));
        section.Caption = "Each image as the model sees it, titled with its top class: " +
            string.Join("; ", data.Images.Select((image, i) => $"{image.FileName}: {data.Predictions[i][0].Description} ({Percent(data.Predictions[i][0].Probability)}" +
                $"{(data.Predictions[i].Length > 1 ? $", next {data.Predictions[i][1].Description} {Percent(data.Predictions[i][1].Probability)}" : "")})")) + ".";
        return section;
    }

    private static ReportSection VisualizationSection(LabReportData data)
    {
        var notebook = data.Options.Notebook;
        var modern = data.Options.Modern;
        var tiles = new[]
        {
            new FigureTile(ReportImage.From(data.Notebook.ToImage(DisplayNormalization.Std), "visualization-notebook.png", $"{data.Label} by the notebook recipe"),
                "Notebook recipe", $"{notebook.Steps} steps · objective {HtmlText.Number(data.Notebook.FinalObjective)}"),
            new FigureTile(ReportImage.From(data.Modern.ToImage(DisplayNormalization.Pixels), "visualization-modern.png", $"{data.Label} by the modern recipe"),
                "Modern recipe", $"{modern.Steps} steps · objective {HtmlText.Number(data.Modern.FinalObjective)}"),
        };
        var best = data.Ranking.Images[0];
        var section = new ReportSection("visualization", "Feature visualization").Add(new FigureRow(tiles, 300));
        bool stuck = data.Notebook.Curve.All(v => v <= 0);
        var notebookResult = stuck
            ? $"the channel is zero everywhere on the grey-noise start, so plain gradient ascent has no gradient to follow and the image stays noise (the modern recipe's ReLU gradient redirect exists for this)"
            : $"the mean activation rose from {HtmlText.Number(data.Notebook.Curve[0])} to {HtmlText.Number(data.Notebook.FinalObjective)}";
        var scale = best.Statistics.Mean > 0
            ? $" For scale, the dataset image that excites the channel most ({best.File.RelativePath}) has mean activation {HtmlText.Number(best.Statistics.Mean)}: " +
              $"the notebook's image drives the channel {ReportCaptions.Ratio(data.Notebook.FinalObjective / best.Statistics.Mean)} as hard, the modern one {ReportCaptions.Ratio(data.Modern.FinalObjective / best.Statistics.Mean)}."
            : "";
        section.Caption = $"What {data.Label} responds to most, by two recipes that maximise its mean activation. Left, the reference notebook's: " +
            $"{notebook.Steps} gradient-ascent steps normalised by the gradient's RMS, from grey noise (seed {notebook.Seed}), shown with the notebook's std normalisation; " +
            $"{notebookResult}. Right, the modern recipe: {modern.Steps} Adam steps on a {(modern.Decorrelate ? "colour-decorrelated " : "")}{modern.Parameterization} " +
            $"parameterisation with robustness transforms (seed {modern.Seed}), reaching {HtmlText.Number(data.Modern.FinalObjective)} (measured on the transformed image)." + scale;
        return section;
    }

    private static ReportSection ActivationSection(LabReportData data)
    {
        var section = new ReportSection("activation-maps", "Activation maps");
        var style = new HeatmapOverlayStyle();
        var (_, h, w) = data.Network.InputSize;
        var captions = new List<string>();
        var others = new List<FigureTile>();
        for (int i = 0; i < data.Images.Count; i++)
        {
            var image = data.Images[i];
            var map = data.ActivationMaps[i];
            var region = HeatmapOverlay.RegionFor(image.Original, w, h, data.Options.ImageOptions.Resize);
            var overlay = HeatmapOverlay.Blend(image.Original, map.Values, map.Height, map.Width, style, region);
            var stats = $"max {HtmlText.Number(map.Statistics.Max)} · mean {HtmlText.Number(map.Statistics.Mean)} · L2 {HtmlText.Number(map.Statistics.L2Norm)}";
            if (i == 0)
            {
                // The notebook's three panels for the first image; the others only need their overlay.
                var (min, max) = HeatmapOverlay.Range(map.Values, style);
                var panels = new ActivationFigurePanels
                {
                    FeatureVisualization = data.Modern.ToImage(DisplayNormalization.Pixels),
                    FeatureTitle = data.Label,
                    Image = image.Original,
                    ImageTitle = data.Predictions is null ? image.FileName : $"{data.Predictions[i][0].Description} ({Percent(data.Predictions[i][0].Probability)})",
                    Overlay = overlay,
                    OverlayTitle = $"activation of {data.Label}",
                    Colormap = style.Colormap,
                    Minimum = min,
                    Maximum = max,
                };
                using var figure = ActivationFigure.Render(panels);
                section.Add(new FigureRow([new FigureTile(ReportImage.From(figure, "activation-1.png", $"activation of {data.Label} on {image.FileName}"), image.FileName, stats)],
                    Math.Min(figure.Width, 760)));
            }
            else others.Add(new FigureTile(ReportImage.From(Fit(overlay, 448), $"activation-{i + 1}.png", $"activation of {data.Label} on {image.FileName}"), image.FileName, stats));
            int? rank = data.Ranking.Images.FirstOrDefault(r => SamePath(r.File.FullPath, image.Path))?.Rank;
            captions.Add(ReportCaptions.ActivationMap(image.FileName, map.Values, map.Height, map.Width, rank, data.Ranking.Images.Count));
        }
        if (others.Count > 0) section.Add(new FigureRow(others, 240, "The other images"));
        section.Caption = $"The notebook's figure: the channel's visualization (modern recipe), the image, and the channel's activation map upsampled bilinearly " +
            $"and laid over it (viridis, α = {HtmlText.Number(style.Alpha)}, each map on its own range){(others.Count > 0 ? "; below, the same overlay on the other images" : "")}. " +
            string.Join(" ", captions);
        return section;
    }

    private static ReportSection TopImagesSection(LabReportData data)
    {
        var ranking = data.Ranking;
        var tiles = data.TopMaps.Select((m, i) =>
        {
            var overlay = TopImagesFigure.Overlay(new TopImagesFigureTile(m.ModelView, m.Map, m.Height, m.Width, "", ""));
            var predicted = m.Image.PredictedClass is int k && data.Classifier is { } head ? $" · {head.Label(k).Description}" : "";
            return new FigureTile(ReportImage.From(overlay, $"top-{i + 1}.png", $"top image {i + 1}: {m.Image.File.RelativePath}"),
                $"#{m.Image.Rank} · {HtmlText.Number(m.Image.Score)}", m.Image.File.RelativePath + predicted);
        }).ToList();
        var scores = ranking.Images.Select(i => i.Score).ToList();
        var scoreName = $"{ChannelScores.Describe(ranking.Score)} of {data.Label}";
        var marked = data.TopMaps.Select(m => new MarkedScore($"#{m.Image.Rank}", m.Image.Score, $"#{m.Image.Rank} {m.Image.File.RelativePath}: {HtmlText.Number(m.Image.Score)}")).ToList();
        var section = new ReportSection("top-images", "Top dataset examples")
            .Add(new FigureRow(tiles, 176))
            .Add(new SvgFigure(ScoreDistributionPlot.Render(scores, marked, scoreName), $"distribution of the {scoreName} over the dataset", "Score distribution over the dataset"));
        if (ranking.BadImages.Count > 0)
            section.Add(new Paragraph($"{ranking.BadImages.Count} files could not be read and were skipped: " +
                string.Join("; ", ranking.BadImages.Take(5).Select(b => $"{b.File.RelativePath} ({b.Reason})")) + (ranking.BadImages.Count > 5 ? "; …" : ""), isNote: true));
        section.Caption = ReportCaptions.TopImages(scores, data.TopMaps.Select(m => (m.Image.File.RelativePath, m.Image.Score)).ToList(), data.Label,
            $"the {ChannelScores.Describe(ranking.Score)} of its activation") + " Overlays: coolwarm, α = 0.5, each map on its own range.";
        return section;
    }

    private static ReportSection KernelSection(LabReportData data)
    {
        var section = new ReportSection("kernels", "Kernel analysis");
        if (data.Kernels is not { } kernels)
        {
            section.Note = $"Left out: {data.KernelProblem}";
            return section;
        }
        var (headers, panels) = KernelFigure.Content(kernels);
        using var figure = KernelFigure.Render(headers, panels);
        var bars = kernels.TopSlices.Select(s => new RankedBarPlot.Bar($"input {s.InputChannel}", s.L2Norm, s.Mean > 0,
            $"input channel {s.InputChannel}: L2 {HtmlText.Number(s.L2Norm)}, mean {HtmlText.Number(s.Mean)}, {s.Sign.Label()}")).ToList();
        section.Add(new FigureRow([new FigureTile(ReportImage.From(figure, "kernels.png", $"top kernel slices of {data.Label}"), $"{kernels.Input.DisplayName} → {data.Label}")], Math.Min(figure.Width, 900), pixelated: false))
            .Add(new SvgFigure(RankedBarPlot.Render(bars, "L2 norm of the kernel slice (red: mostly excitatory, blue: mostly inhibitory)"), "kernel slice norms", "Slice norms"));
        double kernelL2 = Math.Sqrt(kernels.Slices.Sum(s => s.L2Norm * s.L2Norm));
        section.Caption = ReportCaptions.Kernels(kernels.TopSlices.Select(s => (s.InputChannel, s.L2Norm, s.Mean)).ToList(), kernels.Slices.Count, kernelL2, data.Label) +
            $" Each slice is drawn min–max normalised with its values printed; the inputs are {kernels.Input.Describe()}" +
            (Math.Abs(kernels.Target.Scale - 1) > 1e-9 ? $", and the following normalisation's scale ({HtmlText.Number(kernels.Target.Scale)}) is folded into the weights." : ".");
        return section;
    }

    private static ReportSection CircuitSection(LabReportData data)
    {
        var section = new ReportSection("circuit", "Circuit");
        if (data.Kernels is not { } kernels || data.Circuit is not { } circuit)
        {
            section.Note = $"Left out: {data.KernelProblem ?? "no convolution makes this channel"}";
            return section;
        }
        using var figure = CircuitFigure.Render(kernels, circuit.InputImages);
        section.Add(new FigureRow([new FigureTile(ReportImage.From(figure, "circuit.png", $"circuit of {data.Label}"), $"circuit of {data.Label}")], Math.Min(figure.Width, 900)));
        if (circuit.Graph is { } graph)
            section.Add(new SvgFigure(CircuitGraphSvg.Write(graph, $"Circuit of {data.Label}, {graph.Depth} layers deep"), "circuit graph", "Circuit graph (hover an edge or a node for its numbers)"));
        else if (circuit.GraphProblem is not null)
            section.Add(new Paragraph($"The circuit graph is left out: {circuit.GraphProblem}", isNote: true));
        var recipe = data.CircuitRecipe;
        var caption = $"Upper row: the {kernels.TopSlices.Count} strongest kernel slices of {data.Label}; lower row: what each of those input channels of {kernels.Input.DisplayName} " +
                      $"responds to ({recipe.Name} recipe, {recipe.Steps} steps, seed {recipe.Seed}). ";
        if (circuit.Graph is { } g)
        {
            int excitatory = g.Edges.Count(e => e.Sign == KernelSign.Excitatory), inhibitory = g.Edges.Count(e => e.Sign == KernelSign.Inhibitory);
            caption += $"The graph follows the circuit {g.Depth} layer{(g.Depth == 1 ? "" : "s")} down: {g.Nodes.Count} channels joined by {g.Edges.Count} kernel slices, " +
                       $"{excitatory} excitatory (red) and {inhibitory} inhibitory (blue), each edge as wide as its strength relative to the strongest input of its node. ";
        }
        section.Caption = caption + $"{circuit.Visualized} channels were visualized for this section.";
        return section;
    }

    private static ReportSection AttributionSection(LabReportData data)
    {
        var section = new ReportSection("attribution", data.Classifier is null ? "Attribution of the channel" : "Attribution of the class");
        var (_, h, w) = data.Network.InputSize;
        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Jet, Alpha = 0.45 };
        var tiles = new List<FigureTile>();
        var captions = new List<string>();
        for (int i = 0; i < data.Images.Count; i++)
        {
            var image = data.Images[i];
            var map = data.Attributions[i];
            var overlay = HeatmapOverlay.Blend(image.Original, map.Values, map.Height, map.Width, style, HeatmapOverlay.RegionFor(image.Original, w, h, data.Options.ImageOptions.Resize));
            tiles.Add(new FigureTile(ReportImage.From(Fit(overlay, 448), $"gradcam-{i + 1}.png", $"Grad-CAM of {map.Target} on {image.FileName}"), map.Target, image.FileName));
            bool perImageTarget = data.Classifier is not null && data.Options.ExplainClass is null;
            captions.Add(ReportCaptions.AttributionSpread(perImageTarget ? $"{image.FileName} ({map.Target})" : image.FileName, map.Values, map.Height, map.Width));
        }
        section.Add(new FigureRow(tiles, 240));
        var why = data.Classifier is null
            ? $"The model has no classifier, so Grad-CAM explains the channel {data.Label} itself, read one layer earlier (at the input of the convolution that makes the channel), where its evidence is gathered. "
            : data.Options.ExplainClass is int k ? $"Grad-CAM explains class {k} on every image. " : "Grad-CAM explains each image's top class. ";
        var first = data.Attributions[0];
        var target = data.Classifier is null || data.Options.ExplainClass is not null ? $" for {first.Target}" : "";
        section.Caption = why + $"Grad-CAM{target} on {first.Layer}, per image: " + string.Join("; ", captions) +
            $". A flat map would put 10% of its mass in its brightest tenth. Jet colormap, α = {HtmlText.Number(style.Alpha)}.";
        return section;
    }

    private static ReportSection ObjectiveSection(LabReportData data)
    {
        var notebook = new CurveSeries("notebook recipe", data.Notebook.Curve);
        var modern = new CurveSeries("modern recipe", data.Modern.Curve);
        var section = new ReportSection("objective", "Objective curves").Add(new Columns(
            new SvgFigure(CurvePlot.Render([notebook], "step", $"mean activation of {data.Label}", "Notebook recipe"), "notebook recipe objective curve"),
            new SvgFigure(CurvePlot.Render([modern], "step", $"mean activation of {data.Label}", "Modern recipe"), "modern recipe objective curve")));
        section.Caption = ReportCaptions.ObjectiveCurves([notebook, modern], data.Label);
        return section;
    }

    private static string ModelName(LabReportData data) =>
        data.Options.ModelName.Length > 0 ? data.Options.ModelName : Path.GetFileName(data.Network.Model.Source);

    private static string Compact(Graph.TensorShape? shape) =>
        shape is null ? "?" : string.Join("×", shape.Dims.Skip(1).Select(d => d.ToString()));

    private static string MapSize(LabReportData data) =>
        data.Layer.Shape is { Rank: 4 } s ? $"{s[2]}×{s[3]} positions" : "one value";

    private static string ConvParameters(Runtime.Network network, Graph.Layer layer)
    {
        // The alias names the value after BatchNorm and ReLU; the weights belong to the Conv node before them.
        var producers = network.Model.Graph.ProducerIndex();
        var node = layer.Node;
        while (node.OpType != "Conv" && producers.TryGetValue(node.Inputs[0], out var before)) node = before;
        var weights = node.OpType == "Conv" && node.Inputs.Count > 1 ? network.Model.Graph.Initializers.GetValueOrDefault(node.Inputs[1]) : null;
        return weights is null ? "" : string.Join("×", weights.Dims);
    }

    private static RgbImage Fit(RgbImage image, int side)
    {
        if (image.Width <= side && image.Height <= side) return image;
        double scale = Math.Min(side / (double)image.Width, side / (double)image.Height);
        int width = Math.Max(1, (int)Math.Round(image.Width * scale)), height = Math.Max(1, (int)Math.Round(image.Height * scale));
        return RgbImage.FromChw(ImageResampler.Resize(image, width, height, ResizeMode.Stretch), width, height);
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string Percent(double p) => (100 * p).ToString(p < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture) + "%";

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    [GeneratedRegex("^conv[0-9]+$")]
    private static partial Regex ConvAlias();
}
