using ConvLens.Dataset;
using ConvLens.Reporting;
using ConvLens.Visualization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens demo</c>: the lab report on the embedded default. The packaged ResNet18 looks at the
/// photographs bundled with ConvLens and crops of them; the demo chooses a layer and its most selective
/// channel by itself, says how on the page, and runs the whole report (see <see cref="LabReport"/>).
/// </summary>
public sealed class DemoCommand : Command<DemoSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public DemoCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var choosing = System.Diagnostics.Stopwatch.StartNew();
        var samples = settings.Samples ?? LabReportDemoDataset.FindSamples();
        if (!Directory.Exists(samples)) throw new ConvLensException($"the samples folder '{samples}' does not exist");
        var output = Path.GetFullPath(settings.Output);
        var dataset = Path.Combine(output, "dataset");
        var photos = LabReportDemoDataset.Build(samples, dataset, crops: !settings.Quick);
        var indexPath = Path.Combine(output, "activation-index.db");
        int topK = settings.Quick ? 3 : 5;

        var (layer, layerRule) = settings.Layer is null
            ? LabReportChannelChooser.ChooseLayer(network)
            : (network.Layers.Resolve(settings.Layer), $"Layer: {network.Layers.Resolve(settings.Layer).DisplayName}, named with --layer.");
        var examples = new DatasetExamples(network, layer.DisplayName, dataset, new DatasetOptions { IndexPath = indexPath });
        var notebook = new NotebookRecipe { Steps = settings.Quick ? 8 : 40, Seed = settings.Seed };
        int channel;
        LabReportChannelChoice? choice = null;
        if (settings.Channel is int named) channel = named;
        else if (settings.Json) (channel, choice) = LabReportChannelChooser.ChooseChannel(network, examples, topK, layerRule, notebook, cancellation: cancellation);
        else
        {
            (int, LabReportChannelChoice) chosen = default;
            _console.Status().Start($"Scoring every channel of {Markup.Escape(layer.DisplayName)} on the demo images", ctx =>
                chosen = LabReportChannelChooser.ChooseChannel(network, examples, topK, layerRule, notebook, new CallbackProgress<IndexProgress>(p =>
                    ctx.Status($"Scoring every channel of {Markup.Escape(layer.DisplayName)}: {p.Done}/{p.Total} images")), cancellation));
            (channel, choice) = chosen;
        }

        var choiceTime = choosing.Elapsed;

        // The images explained are whole photographs (not crops): the three the channel likes best.
        var photoNames = photos.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var ranked = examples.Rank(channel, cancellation: cancellation);
        var explained = ranked.Images.Where(i => photoNames.Contains(i.File.RelativePath)).Take(settings.Quick ? 2 : 3).Select(i => i.File.FullPath).ToList();

        var command = new List<string> { "convlens", "demo", "-o", settings.Output, "--seed", settings.Seed.ToString() };
        if (settings.Model != Models.ModelCatalog.DefaultModel) command.AddRange(["--model", settings.Model]);
        if (settings.Layer is not null) command.AddRange(["--layer", settings.Layer]);
        if (settings.Channel is not null) command.AddRange(["--channel", channel.ToString()]);
        if (settings.Quick) command.Add("--quick");
        if (settings.SingleFile) command.Add("--single-file");
        int threads = network.Options.IntraOpThreads;
        var options = new LabReportOptions
        {
            Layer = layer.DisplayName,
            Channel = channel,
            Dataset = dataset,
            Images = explained,
            OutputDirectory = output,
            SingleFile = settings.SingleFile,
            TopK = topK,
            IndexPath = indexPath,
            Notebook = notebook,
            Modern = new ModernRecipe { Steps = settings.Quick ? 12 : 96, Seed = settings.Seed, Threads = threads },
            CircuitRecipe = new NotebookRecipe { Steps = settings.Quick ? 6 : 32, Seed = settings.Seed },
            KernelTop = settings.Quick ? 4 : 6,
            CircuitDepth = settings.Quick ? 1 : 2,
            CircuitFanout = 1,
            ModelName = settings.Model,
            Command = ReportCommand.Join(command),
            Title = $"ConvLens demo: channel {channel} of {layer.DisplayName}",
            EarlierStages = [new Reporting.Html.StageTiming(choice is null ? "demo dataset and index" : "demo dataset, index and channel choice", choiceTime)],
        };
        // The report command that makes the same analysis with the channel named (every setting spelled out).
        var report = new List<string> { "convlens", "report", "--model", settings.Model, "--layer", layer.DisplayName, "--channel", channel.ToString(), "--dataset", dataset };
        foreach (var image in explained) report.AddRange(["--images", image]);
        report.AddRange(["--top", topK.ToString(), "--seed", settings.Seed.ToString(), "--notebook-steps", options.Notebook.Steps.ToString(),
            "--modern-steps", options.Modern.Steps.ToString(), "--circuit-recipe", "notebook", "--circuit-steps", options.CircuitRecipe.Steps.ToString(),
            "--depth", options.CircuitDepth.ToString(), "--fanout", options.CircuitFanout.ToString(), "--kernel-top", options.KernelTop.ToString(),
            "--db", indexPath, "-o", Path.Combine(output, "report")]);
        options = options with { Choice = choice is null ? null : choice with { ReportCommand = ReportCommand.Join(report) } };
        var result = ReportCommand.Run(_console, network, options, settings.Json, cancellation);
        ReportCommand.Print(_console, result, settings.Json, choice is null ? null : new
        {
            layerRule = choice.LayerRule,
            explanation = choice.Explanation,
            candidates = choice.Candidates.Select(c => new { channel = c.Channel, score = Math.Round(c.Score, 4) }),
        });
        return 0;
    }
}
