using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens fetch</c>: downloads the official Keras weight files into the model cache with a progress
/// bar (bytes, rate, time left), resuming an interrupted download and verifying Keras's checksum.
/// </summary>
public sealed class FetchCommand : AsyncCommand<FetchSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public FetchCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, FetchSettings settings, CancellationToken cancellation)
    {
        var weights = settings.Weights;
        var cache = new ModelCache(settings.CacheDir);
        using var http = ModelFetcher.CreateHttpClient();
        var fetcher = new ModelFetcher(http);
        var source = settings.From ?? weights.Url;

        ModelFetchResult result;
        if (settings.Json || !_console.Profile.Capabilities.Interactive)
        {
            // No live bar where nothing can redraw it (pipes, CI, JSON): one line before, one after.
            if (!settings.Json) _console.MarkupLine($"Fetching {Markup.Escape(weights.FileName)} from {Markup.Escape(source)}");
            result = await fetcher.FetchAsync(weights, cache, settings.From, null, cancellation);
        }
        else
        {
            result = await _console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape(weights.FileName), maxValue: weights.ApproximateBytes);
                    var report = new ImmediateProgress(p =>
                    {
                        if (p.TotalBytes is { } total) task.MaxValue = total;
                        task.Value = p.Bytes;
                    });
                    var fetched = await fetcher.FetchAsync(weights, cache, settings.From, report, cancellation);
                    task.Value = task.MaxValue;
                    return fetched;
                });
        }

        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                name = weights.Name,
                path = result.Path,
                bytes = result.Bytes,
                source = result.Source,
                alreadyCached = result.AlreadyCached,
                resumedFrom = result.ResumedFrom,
                checksum = result.Checksum,
            }));
            return 0;
        }
        var what = result.AlreadyCached ? "already in the cache" : result.ResumedFrom > 0 ? $"resumed at {result.ResumedFrom:N0} bytes, installed" : "installed";
        _console.MarkupLine($"{Markup.Escape(weights.Name)}: {what} at [bold]{Markup.Escape(result.Path)}[/] ({result.Bytes / 1e6:F1} MB, {Markup.Escape(result.Checksum)} verified)");
        return 0;
    }

    /// <summary>Handles reports on the reporting thread: <see cref="Progress{T}"/> would post them to the thread pool, out of order.</summary>
    private sealed class ImmediateProgress(Action<ModelFetchProgress> handle) : IProgress<ModelFetchProgress>
    {
        public void Report(ModelFetchProgress value) => handle(value);
    }
}
