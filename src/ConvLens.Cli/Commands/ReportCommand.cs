using System.Text.RegularExpressions;
using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using ConvLens.Visualization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens report</c>: the whole lab on one channel as one HTML page (see <see cref="LabReport"/>), with
/// a progress bar over the whole run.
/// </summary>
public sealed partial class ReportCommand : Command<ReportSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ReportCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var options = new LabReportOptions
        {
            Layer = settings.Layer!,
            Channel = settings.Channel!.Value,
            Dataset = settings.Dataset!,
            Images = settings.ImageList,
            OutputDirectory = settings.Output,
            SingleFile = settings.SingleFile,
            TopK = settings.Top,
            Score = ChannelScores.Parse(settings.Score),
            IndexPath = settings.IndexPath,
            ImageOptions = new ImageLoadOptions { Resize = ResizeModes.Parse(settings.Resize) },
            Notebook = new NotebookRecipe { Steps = settings.NotebookSteps, Seed = settings.Seed },
            Modern = new ModernRecipe { Steps = settings.ModernSteps, Seed = settings.Seed, Threads = network.Options.IntraOpThreads },
            CircuitRecipe = settings.CircuitRecipe.Trim().ToLowerInvariant() == "modern"
                ? new ModernRecipe { Steps = settings.CircuitSteps, Seed = settings.Seed, Threads = network.Options.IntraOpThreads }
                : new NotebookRecipe { Steps = settings.CircuitSteps, Seed = settings.Seed },
            KernelTop = settings.KernelTop,
            CircuitDepth = settings.Depth,
            CircuitFanout = settings.Fanout,
            ExplainClass = settings.Class,
            ModelName = settings.Model,
            Command = CommandLine(settings),
        };
        var result = Run(_console, network, options, settings.Json, cancellation);
        Print(_console, result, settings.Json);
        return 0;
    }

    /// <summary>Runs <see cref="LabReport"/> under a progress bar (none with <paramref name="json"/>, so the output stays JSON).</summary>
    internal static LabReportResult Run(IAnsiConsole console, Network network, LabReportOptions options, bool json, CancellationToken cancellation)
    {
        if (json) return LabReport.Run(network, options, null, cancellation);
        LabReportResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("report", maxValue: 100);
                result = LabReport.Run(network, options, new CallbackProgress<LabReportProgress>(p =>
                {
                    task.Value = 100 * p.Fraction;
                    task.Description = Markup.Escape(p.Detail.Length > 0 ? $"{p.Stage}: {p.Detail}" : p.Stage);
                }), cancellation);
                task.Value = 100;
            });
        return result!;
    }

    /// <summary>Prints where the page is and how long each stage took (or the same as JSON).</summary>
    internal static void Print(IAnsiConsole console, LabReportResult result, bool json, object? extra = null)
    {
        if (json)
        {
            console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                page = result.PagePath,
                layer = result.Layer,
                channel = result.Channel,
                sections = result.SectionIds,
                classifier = result.HasClassifier,
                datasetImages = result.DatasetImages,
                topImages = result.TopImages,
                timings = result.Timings.Select(t => new { stage = t.Stage, seconds = Math.Round(t.Duration.TotalSeconds, 3) }),
                totalSeconds = Math.Round(result.Total.TotalSeconds, 3),
                choice = extra,
            }));
            return;
        }
        var table = new Table().AddColumn("Stage").AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var timing in result.Timings) table.AddRow(Markup.Escape(timing.Stage), timing.Duration.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine($"Report on [bold]{Markup.Escape(result.Layer)}:{result.Channel}[/] written to [link]{Markup.Escape(result.PagePath)}[/] in {result.Total.TotalSeconds:F0} s");
    }

    /// <summary>The command that makes the same report, every option spelled out (defaults included, so a later version's defaults cannot change it).</summary>
    internal static string CommandLine(ReportSettings s)
    {
        var args = new List<string> { "convlens", "report", "--model", s.Model, "--layer", s.Layer!, "--channel", s.Channel!.Value.ToString(), "--dataset", s.Dataset! };
        foreach (var image in s.ImageList) args.AddRange(["--images", image]);
        args.AddRange(["--top", s.Top.ToString(), "--score", s.Score, "--seed", s.Seed.ToString(), "--notebook-steps", s.NotebookSteps.ToString(),
            "--modern-steps", s.ModernSteps.ToString(), "--circuit-recipe", s.CircuitRecipe, "--circuit-steps", s.CircuitSteps.ToString(),
            "--depth", s.Depth.ToString(), "--fanout", s.Fanout.ToString(), "--kernel-top", s.KernelTop.ToString(), "--resize", s.Resize]);
        if (s.Class is int k) args.AddRange(["--class", k.ToString()]);
        if (s.Preprocess is not null) args.AddRange(["--preprocess", s.Preprocess]);
        if (s.Arch is not null) args.AddRange(["--arch", s.Arch]);
        if (s.NoCache) args.Add("--no-cache");
        else if (s.Db is not null) args.AddRange(["--db", s.Db]);
        args.AddRange(["-o", s.Output]);
        if (s.SingleFile) args.Add("--single-file");
        return Join(args);
    }

    /// <summary>Arguments joined for a POSIX shell, single-quoting those that need it.</summary>
    internal static string Join(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.Length > 0 && SafeArgument().IsMatch(a) ? a : "'" + a.Replace("'", "'\\''") + "'"));

    [GeneratedRegex(@"^[A-Za-z0-9_./:=+,@%-]+$")]
    private static partial Regex SafeArgument();
}
