using System.Diagnostics;
using System.Globalization;
using ConvLens.Imaging;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens visualize</c>: the image that most excites a channel, by the reference notebook's recipe or the
/// modern one; one PNG for one channel, an atlas of labelled tiles for several, with a progress bar
/// showing the step and the objective.
/// </summary>
public sealed class VisualizeCommand : Command<VisualizeSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public VisualizeCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, VisualizeSettings settings, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var selection = ChannelSelection.Parse(settings.Layer!, settings.Channel!);
        var recipe = settings.BuildRecipe();
        recipe.Validate();
        if (settings.Variants > 1 && selection.Channels.Count != 1)
            throw new ConvLensException($"--variants makes several images of one channel; {selection} selects {selection.Channels.Count} channels");
        using var network = settings.LoadNetwork();
        selection.Validate(network);
        var display = settings.DisplayMode;
        var output = settings.Output ?? VisualizeSettings.DefaultOutput(selection.ToString());

        var images = Run(network, selection, recipe, settings, cancellation);
        if (images.Count == 1) ImageWriter.SavePng(images[0].Image.ToImage(display), output);
        else VisualizationAtlas.Write(output, images.Select(i => new AtlasTile(i.Image.ToImage(display), i.Label,
            $"objective {i.Image.FinalObjective.ToString("G4", CultureInfo.InvariantCulture)}")).ToList());

        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                layer = selection.Layer,
                value = network.Layers.Resolve(selection.Layer).Value,
                recipe = recipe.Name,
                steps = recipe.Steps,
                seed = recipe.Seed,
                display = display.ToString().ToLowerInvariant(),
                output,
                kind = images.Count == 1 ? "image" : "atlas",
                seconds = clock.Elapsed.TotalSeconds,
                images = images.Select(i => new
                {
                    label = i.Label,
                    channel = i.Channel,
                    variant = settings.Variants > 1 ? i.Variant : (int?)null,
                    finalObjective = i.Image.FinalObjective,
                    objective = i.Image.Curve,
                }),
            }));
            return 0;
        }
        foreach (var image in images)
            _console.MarkupLine($"{Markup.Escape(image.Label)}: objective {image.Image.Curve[0]:G4} -> [bold]{image.Image.FinalObjective:G4}[/]");
        _console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/] ({(images.Count == 1 ? "image" : $"atlas of {images.Count}")}, {recipe.Name} recipe, {recipe.Steps} steps, {clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private List<(FeatureVisualization Image, string Label, int Channel, int Variant)> Run(Runtime.Network network, ChannelSelection selection,
        VisualizationRecipe recipe, VisualizeSettings settings, CancellationToken cancellation)
    {
        List<(FeatureVisualization, string, int, int)> Compute(IProgress<VisualizationProgress>? progress)
        {
            var visualizer = new FeatureVisualizer(network);
            if (settings.Variants == 1)
                return visualizer.RenderChannels(selection, settings.Batch, recipe, progress, cancellation)
                    .Select((image, j) => (image, selection.Label(selection.Channels[j]), selection.Channels[j], 0)).ToList();
            int channel = selection.Channels[0];
            var objective = Objective.Channel(selection.Layer, channel);
            if (settings.Diversity != 0) objective += settings.Diversity * Objective.Diversity(selection.Layer);
            return visualizer.Render(objective, settings.Variants, recipe, progress, cancellation).Images
                .Select((image, k) => (image, $"{selection.Label(channel)} #{k + 1}", channel, k + 1)).ToList();
        }

        // No live bar where nothing can redraw it (pipes, CI) and none that could mix with JSON.
        if (settings.Json || !_console.Profile.Capabilities.Interactive) return Compute(null);
        return _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"{selection} ({recipe.Name})"), maxValue: Math.Max(1, recipe.Steps));
                var result = Compute(new StepProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.Steps);
                    task.Value = p.Step;
                    task.Description = Markup.Escape($"{selection} ({recipe.Name}) step {p.Step}/{p.Steps}, objective {p.MeanObjective:G4}");
                }));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Handles reports on the reporting thread: <see cref="Progress{T}"/> would post them to the thread pool, out of order.</summary>
    private sealed class StepProgress(Action<VisualizationProgress> handle) : IProgress<VisualizationProgress>
    {
        public void Report(VisualizationProgress value) => handle(value);
    }
}
