using ConvLens.Dataset;
using Spectre.Console;

namespace ConvLens.Cli.Commands;

/// <summary>
/// Shows a dataset pass on the console: a live bar with images done, images per second and the time left
/// where a person watches an interactive terminal; nothing where output is piped or JSON (the summary
/// that follows says what was done).
/// </summary>
internal static class DatasetProgressDisplay
{
    /// <summary>Runs <paramref name="pass"/>, showing its progress when <paramref name="show"/> and the console is interactive.</summary>
    public static T Run<T>(IAnsiConsole console, bool show, string what, Func<IProgress<IndexProgress>?, T> pass)
    {
        if (!show || !console.Profile.Capabilities.Interactive) return pass(null);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(what), autoStart: true, maxValue: 1);
                var result = pass(new Immediate(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    var failed = p.Failed > 0 ? $", {p.Failed} bad" : "";
                    task.Description = Markup.Escape($"{what}: {p.Done}/{p.Total} images, {p.ImagesPerSecond:F1} images/s{failed}");
                }));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    /// <summary>Handles reports on the reporting thread: <see cref="Progress{T}"/> would post them to the thread pool, out of order.</summary>
    private sealed class Immediate(Action<IndexProgress> handle) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => handle(value);
    }
}
