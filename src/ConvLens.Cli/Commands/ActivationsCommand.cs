using ConvLens.Attribution;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens activations</c>: the reference notebook's figure for one channel and one image: the
/// channel's feature visualization | the image titled with its predicted class | the channel's activation
/// map over the image with a colorbar; <c>--json</c> adds the map's statistics.
/// </summary>
public sealed class ActivationsCommand : Command<ActivationsSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ActivationsCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ActivationsSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var (_, height, width) = network.InputSize;
        var resize = ResizeModes.Parse(settings.Resize);
        var layerName = settings.Layer!;
        int channel = settings.Channel!.Value;
        var layer = network.Layers.Resolve(layerName);
        var image = ImageLoader.Load(settings.Image, width, height, new ImageLoadOptions { Resize = resize });
        var input = image.ToTensor();
        var map = ChannelActivationMap.Compute(network, input, layerName, channel);
        var prediction = Predict(network, input);

        FeatureVisualization? visualization = null;
        if (settings.Steps > 0)
        {
            var recipe = new NotebookRecipe { Steps = settings.Steps, Seed = settings.Seed };
            var render = () => new FeatureVisualizer(network).Render(Objective.Channel(layerName, channel), 1, recipe, cancellation: cancellation).Images[0];
            visualization = settings.Json ? render() : _console.Status().Start($"Feature visualization of {layerName}:{channel}", _ => render());
        }

        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Get(settings.Colormap), Alpha = settings.Alpha };
        var (minimum, maximum) = HeatmapOverlay.Range(map.Values, style);
        var region = HeatmapOverlay.RegionFor(image.Original, width, height, resize);
        var overlay = HeatmapOverlay.Blend(image.Original, map.Values, map.Height, map.Width, style, region);
        var output = settings.Output ?? $"{Path.GetFileNameWithoutExtension(settings.Image)}.{Sanitize(layer.DisplayName)}.{channel}.png";
        ActivationFigure.Write(output, new ActivationFigurePanels
        {
            FeatureVisualization = visualization?.ToImage(DisplayNormalization.Notebook),
            FeatureTitle = $"{layer.DisplayName}:{channel}",
            Image = image.Original,
            ImageTitle = prediction is null ? image.FileName : $"{prediction.Name} ({prediction.Probability:P1})",
            Overlay = overlay,
            OverlayTitle = $"activation of {layer.DisplayName}:{channel}",
            Colormap = style.Colormap,
            Minimum = minimum,
            Maximum = maximum,
        });

        var stats = map.Statistics;
        var (argmaxX, argmaxY) = map.ArgmaxIn(region.Width, region.Height);
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                layer = layer.DisplayName,
                value = layer.Value,
                channel,
                image = settings.Image,
                figure = output,
                height = map.Height,
                width = map.Width,
                statistics = new
                {
                    mean = stats.Mean,
                    max = stats.Max,
                    min = stats.Min,
                    l2Norm = stats.L2Norm,
                    argmax = new { row = stats.ArgmaxRow, column = stats.ArgmaxColumn, x = region.X + argmaxX, y = region.Y + argmaxY },
                },
                prediction = prediction is null ? null : new { index = prediction.Index, name = prediction.Name, probability = prediction.Probability },
                visualization = visualization is null ? null : new { recipe = "notebook", steps = settings.Steps, objective = visualization.FinalObjective },
            }));
            return 0;
        }
        _console.MarkupLine($"[bold]{Markup.Escape(layer.DisplayName)}:{channel}[/] on {Markup.Escape(settings.Image)} ({map.Height} × {map.Width} map)" +
            (prediction is null ? "" : $", predicted {Markup.Escape(prediction.Name)} ({prediction.Probability:P1})"));
        _console.MarkupLine($"mean {stats.Mean:G5}, max {stats.Max:G5} at row {stats.ArgmaxRow}, column {stats.ArgmaxColumn} " +
            $"(pixel {region.X + argmaxX:F0}, {region.Y + argmaxY:F0}), L2 norm {stats.L2Norm:G5}");
        _console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/]");
        return 0;
    }

    /// <summary>The top class when the network has a classifier, else null.</summary>
    private static ClassificationPrediction? Predict(Network network, FloatTensor input)
    {
        ClassificationHead head;
        try { head = ClassificationHead.Of(network); }
        catch (ConvLensException) { return null; }
        return head.Predict(network, input, 1)[0][0];
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_'));
}
