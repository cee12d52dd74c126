using ConvLens.Circuits;
using ConvLens.Reporting;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens kernels</c>: the input channels that build a channel, ranked by their kernel slices (the
/// reference notebook's L2 ranking, or by mean), each excitatory or inhibitory; with <c>--dataset</c>
/// also by measured contribution; <c>-o</c> draws the notebook's annotated kernel figure.
/// </summary>
public sealed class KernelsCommand : Command<KernelsSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public KernelsCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, KernelsSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var analysis = KernelAnalyzer.Analyze(network, settings.Layer, settings.Channel!.Value, settings.Metric, settings.Top);
        var data = settings.Dataset is { } folder ? MeasureData(network, analysis, folder, settings.Batch, cancellation) : null;
        if (settings.Output is { } output)
        {
            var (headers, panels) = KernelFigure.Content(analysis, data?.Ranking);
            KernelFigure.Write(output, headers, panels);
        }
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                kernels = AnalysisJson(analysis),
                data = data is null ? null : DataJson(data),
                figure = settings.Output,
            }));
            return 0;
        }
        WriteTable(_console, analysis, data?.Ranking);
        if (data is not null) WriteDataSummary(_console, data);
        if (settings.Output is not null) _console.MarkupLine($"Wrote [bold]{Markup.Escape(settings.Output)}[/]");
        return 0;
    }

    /// <summary>A dataset measurement: the ranking and what was read.</summary>
    internal sealed record DataMeasurement(string Folder, ContributionRanking Ranking, IReadOnlyList<(string File, string Reason)> Skipped);

    /// <summary>Measures the contributions to <paramref name="analysis"/>' target on the images of <paramref name="folder"/>.</summary>
    internal static DataMeasurement MeasureData(Network network, KernelAnalysis analysis, string folder, int batch, CancellationToken cancellation)
    {
        var images = new ImageFolder(folder);
        var conv = analysis.Target.Conv;
        var statistics = DatasetContributions.Measure(network, [conv], images, batch, cancellation)[conv.OutputValue];
        var ranking = ContributionRanking.Compare(analysis, statistics.MeanContributions(analysis.Target), statistics.Images, statistics.Positions);
        return new DataMeasurement(folder, ranking, images.Skipped);
    }

    /// <summary>The analysis as JSON-ready objects.</summary>
    internal static object AnalysisJson(KernelAnalysis analysis)
    {
        var target = analysis.Target;
        var conv = target.Conv;
        return new
        {
            layer = analysis.Layer,
            value = analysis.Value,
            channel = analysis.Channel,
            conv = new
            {
                node = conv.Node.DisplayName,
                output = conv.OutputValue,
                input = conv.InputValue,
                outputChannel = target.Channel,
                kernel = new[] { conv.KernelHeight, conv.KernelWidth },
                groups = conv.Groups,
                inputChannels = conv.InChannels,
                groupInputChannels = conv.InChannelsPerGroup,
                firstInputChannel = conv.FirstInputOf(target.Channel),
                scale = target.Scale,
                path = target.Path,
            },
            inputs = SourceJson(analysis.Input),
            rank = analysis.Metric.Name(),
            top = analysis.Top,
            slices = analysis.TopSlices.Select(s => new
            {
                rank = s.Rank,
                inputChannel = s.InputChannel,
                l2Norm = s.L2Norm,
                mean = s.Mean,
                score = s.Score,
                sign = s.Sign.Name(),
                label = s.Sign.Label(),
                values = Rows(s.Values, s.Width),
                normalized = Rows(s.Normalized(), s.Width),
            }),
        };
    }

    /// <summary>Where the inputs come from, as JSON-ready objects (branches recursively).</summary>
    internal static object SourceJson(InputSource source) => new
    {
        value = source.Value,
        name = source.DisplayName,
        kind = source.Kind.ToString().ToLowerInvariant(),
        layer = source.LayerName,
        stopValue = source.StopValue,
        path = source.Path,
        description = source.Describe(),
        branches = source.Branches.Count == 0 ? null : source.Branches.Select(b => new { firstChannel = b.FirstChannel, channels = b.Channels, source = SourceJson(b.Source) }),
    };

    /// <summary>The data ranking next to the weight ranking, as JSON-ready objects.</summary>
    internal static object DataJson(DataMeasurement data)
    {
        var ranking = data.Ranking;
        return new
        {
            folder = data.Folder,
            images = ranking.Images,
            skipped = data.Skipped.Count,
            skippedFiles = data.Skipped.Select(s => new { file = s.File, reason = s.Reason }),
            positions = ranking.Positions,
            spearman = double.IsNaN(ranking.SpearmanCorrelation) ? (double?)null : ranking.SpearmanCorrelation,
            topOverlap = ranking.TopOverlap,
            weightRanking = ranking.Entries.OrderBy(e => e.WeightRank).Take(ranking.Top).Select(EntryJson),
            dataRanking = ranking.TopEntries.Select(EntryJson),
        };
    }

    private static object EntryJson(ContributionEntry e) => new
    {
        inputChannel = e.InputChannel,
        weightRank = e.WeightRank,
        dataRank = e.DataRank,
        weightScore = e.WeightScore,
        contribution = e.Contribution,
        sign = e.Sign.Name(),
    };

    /// <summary>Prints the ranking as a table.</summary>
    internal static void WriteTable(IAnsiConsole console, KernelAnalysis analysis, ContributionRanking? data)
    {
        var conv = analysis.Target.Conv;
        console.MarkupLine($"[bold]{Markup.Escape(analysis.Layer)}[/] channel {analysis.Channel} ← {Markup.Escape(conv.Node.ToString())} output channel {analysis.Target.Channel}" +
            $" ({conv.KernelHeight}×{conv.KernelWidth}{(conv.Groups > 1 ? $", {conv.Groups} groups" : "")}{(analysis.Target.Scale != 1 ? $", folded scale {analysis.Target.Scale:G4}" : "")})");
        console.MarkupLine($"Inputs: {Markup.Escape(analysis.Input.Describe())}");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn(new TableColumn("Input").RightAligned())
            .AddColumn(new TableColumn("L2 norm").RightAligned()).AddColumn(new TableColumn("Mean").RightAligned()).AddColumn("Sign");
        if (data is not null) table.AddColumn(new TableColumn("Data rank").RightAligned()).AddColumn(new TableColumn("Contribution").RightAligned());
        foreach (var s in analysis.TopSlices)
        {
            var cells = new List<string> { s.Rank.ToString(), s.InputChannel.ToString(), s.L2Norm.ToString("G4"), s.Mean.ToString("G4"), s.Sign.Label() };
            if (data?.EntryOf(s.InputChannel) is { } e) cells.AddRange([e.DataRank.ToString(), e.Contribution.ToString("G4")]);
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }

    private static void WriteDataSummary(IAnsiConsole console, DataMeasurement data)
    {
        var r = data.Ranking;
        console.MarkupLine($"On {r.Images} images of {Markup.Escape(data.Folder)}{(data.Skipped.Count > 0 ? $" ({data.Skipped.Count} unreadable files skipped)" : "")}: " +
            $"Spearman ρ {(double.IsNaN(r.SpearmanCorrelation) ? "n/a" : r.SpearmanCorrelation.ToString("F3"))} between weight and data rankings, top-{r.Top} overlap {r.TopOverlap}/{r.Top}");
        console.MarkupLine($"Top by data: {string.Join(", ", r.TopEntries.Select(e => $"{e.InputChannel} ({e.Contribution:G3})"))}");
    }

    private static double[][] Rows(double[] values, int width) => values.Chunk(width).ToArray();
}
