using System.Text;
using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Visualization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens circuit</c>: the reference notebook's circuit figure (each top input channel's kernel
/// slice above its feature visualization, all visualized in one batch), or with <c>--depth 2..4</c> the
/// layered circuit graph as SVG or HTML; <c>--dataset</c> chooses and sizes inputs by measured contribution.
/// </summary>
public sealed class CircuitCommand : Command<CircuitSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public CircuitCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, CircuitSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var recipe = settings.BuildRecipe();
        var format = settings.ResolvedFormat;
        var output = settings.Output ?? $"circuit-{SafeName(settings.Layer)}-{settings.Channel}.{format}";
        return format == "png"
            ? Figure(network, settings, recipe, output, cancellation)
            : GraphFile(network, settings, recipe, format, output, cancellation);
    }

    private int Figure(Network network, CircuitSettings settings, VisualizationRecipe recipe, string output, CancellationToken cancellation)
    {
        var analysis = KernelAnalyzer.Analyze(network, settings.Layer, settings.Channel!.Value, settings.Metric, settings.Top);
        var data = settings.Dataset is { } folder ? KernelsCommand.MeasureData(network, analysis, folder, settings.Batch, cancellation) : null;
        var channels = analysis.TopSlices.Select(s => s.InputChannel).ToList();
        var inputValue = analysis.Target.Conv.InputValue;
        bool visualizable = network.Layers.Find(inputValue) is { IsPreprocessing: false };
        IReadOnlyList<RgbImage?> images = visualizable
            ? WithProgress(settings, $"Visualizing {channels.Count} channels of {analysis.Input.DisplayName}",
                progress => Visualizer(recipe, progress).Visualize(network, inputValue, channels, cancellation).Select(i => (RgbImage?)i).ToList())
            // The inputs are the image's colour planes: there is no feature to visualize.
            : channels.Select(_ => (RgbImage?)null).ToList();
        CircuitFigure.Write(output, analysis, images, data?.Ranking);

        if (settings.Json)
        {
            Print(new
            {
                model = network.Model.Source,
                kernels = KernelsCommand.AnalysisJson(analysis),
                data = data is null ? null : KernelsCommand.DataJson(data),
                visualization = new { recipe = recipe.Name, steps = recipe.Steps, seed = recipe.Seed, layer = analysis.Input.DisplayName, value = inputValue, channels, visualized = visualizable },
                format = "png",
                figure = output,
            });
            return 0;
        }
        KernelsCommand.WriteTable(_console, analysis, data?.Ranking);
        if (!visualizable) _console.MarkupLine("The inputs are the image's colour channels: the figure shows kernels only.");
        _console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/]");
        return 0;
    }

    private int GraphFile(Network network, CircuitSettings settings, VisualizationRecipe recipe, string format, string output, CancellationToken cancellation)
    {
        Func<IReadOnlyList<ConvLayer>, IReadOnlyDictionary<string, ConvInputStatistics>>? measure = null;
        ImageFolder? folder = settings.Dataset is { } dataset ? new ImageFolder(dataset) : null;
        if (folder is not null) measure = convs => DatasetContributions.Measure(network, convs, folder, settings.Batch, cancellation);
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, settings.Layer, settings.Channel!.Value, settings.GraphOptions, measure);
        int visualized = WithProgress(settings, $"Visualizing {circuit.Nodes.Count} channels",
            progress => CircuitVisualization.Attach(network, circuit, Visualizer(recipe, progress), cancellation));
        var title = $"Circuit of {circuit.Root.Label}: {circuit.Depth} layers, top {settings.Top} inputs by " +
            (circuit.DataGrounded ? $"measured contribution on {Path.GetFileName(Path.TrimEndingDirectorySeparator(settings.Dataset!))}" : circuit.Metric.Description());
        var document = format == "html" ? CircuitGraphHtml.Write(circuit, title) : CircuitGraphSvg.Write(circuit, title);
        AtomicFile.WriteAllText(output, document);

        if (settings.Json)
        {
            Print(new
            {
                model = network.Model.Source,
                layer = circuit.Root.LayerName,
                value = circuit.Root.Value,
                channel = circuit.Root.Channel,
                depth = circuit.Depth,
                rank = circuit.Metric.Name(),
                dataGrounded = circuit.DataGrounded,
                dataset = settings.Dataset,
                skipped = folder?.Skipped.Count,
                visualization = new { recipe = recipe.Name, steps = recipe.Steps, seed = recipe.Seed, visualized },
                nodes = circuit.Nodes.Select(n => new
                {
                    id = n.Id, depth = n.Depth, value = n.Value, layer = n.LayerName, channel = n.Channel,
                    convs = n.Convs, skips = n.Skips, stop = n.Stop, visualized = n.Image is not null,
                }),
                edges = circuit.Edges.Select(e => new
                {
                    from = e.From, to = e.To, conv = e.Conv, inputChannel = e.Slice.InputChannel, weightRank = e.Slice.Rank,
                    l2Norm = e.Slice.L2Norm, mean = e.Slice.Mean, score = e.Slice.Score, sign = e.Sign.Name(),
                    contribution = e.Contribution, dataRank = e.DataRank, strength = e.Strength,
                }),
                format,
                file = output,
            });
            return 0;
        }
        _console.MarkupLine($"Circuit of [bold]{Markup.Escape(circuit.Root.Label)}[/]: {circuit.Nodes.Count} channels, {circuit.Edges.Count} edges over {circuit.Depth} layers" +
            (folder is { Skipped.Count: > 0 } ? $" ({folder.Skipped.Count} unreadable files skipped)" : ""));
        for (int d = 1; d <= circuit.Depth; d++)
            _console.MarkupLine($"  depth {d}: {Markup.Escape(string.Join(", ", circuit.Level(d).Take(12).Select(n => n.Label)))}{(circuit.Level(d).Count() > 12 ? ", …" : "")}");
        _console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/]");
        return 0;
    }

    private static RecipeChannelVisualizer Visualizer(VisualizationRecipe recipe, IProgress<VisualizationProgress>? progress) =>
        new(recipe, RecipeChannelVisualizer.DefaultDisplay(recipe), progress);

    /// <summary>Runs <paramref name="work"/> under a status line that shows the visualization's steps; silently for JSON.</summary>
    private T WithProgress<T>(CircuitSettings settings, string what, Func<IProgress<VisualizationProgress>?, T> work)
    {
        // JSON output stays clean: progress only when a person reads the screen.
        if (settings.Json) return work(null);
        T result = default!;
        _console.Status().Start(what, ctx => result = work(new StatusProgress(p => ctx.Status($"{what}: step {p.Step}/{p.Steps}, mean objective {p.MeanObjective:G4}"))));
        return result;
    }

    private void Print(object value) => _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(value));

    /// <summary>A layer name usable in a file name.</summary>
    private static string SafeName(string layer)
    {
        var name = new StringBuilder();
        foreach (var c in layer.Trim()) name.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return name.ToString();
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class StatusProgress(Action<VisualizationProgress> report) : IProgress<VisualizationProgress>
    {
        public void Report(VisualizationProgress value) => report(value);
    }
}
