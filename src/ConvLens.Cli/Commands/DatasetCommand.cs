using ConvLens.Dataset;
using ConvLens.Models;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// What the commands that run a model over a dataset folder (<c>index</c>, <c>top-images</c>) share: the
/// model opened for a dataset pass, the examples built from <see cref="DatasetSettings"/>, Ctrl+C turned
/// into a stop between batches, the JSON fields that say which model and layer were run, and the list of
/// skipped files. Kept in one place so the two commands cannot drift apart in how they read a dataset.
/// </summary>
/// <typeparam name="TSettings">The command's options.</typeparam>
public abstract class DatasetCommand<TSettings> : Command<TSettings> where TSettings : DatasetSettings
{
    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    protected DatasetCommand(IAnsiConsole console) => Terminal = console;

    /// <summary>Where the command writes its results.</summary>
    protected IAnsiConsole Terminal { get; }

    /// <inheritdoc />
    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellation)
    {
        using var network = ModelLoader.Open(settings.Model, settings.DatasetLoadOptions);
        var examples = new DatasetExamples(network, settings.Layer, settings.Dataset, settings.BuildDatasetOptions());
        using var interrupt = new DatasetInterrupt(cancellation);
        return Run(settings, network, examples, interrupt.Token);
    }

    /// <summary>
    /// Does the command's pass over <paramref name="examples"/> and reports it; <paramref name="interrupt"/>
    /// fires on the first Ctrl+C. Returns the exit code.
    /// </summary>
    protected abstract int Run(TSettings settings, Network network, DatasetExamples examples, CancellationToken interrupt);

    /// <summary>
    /// Writes the <c>--json</c> result: the fields naming the model and layer, which every dataset command
    /// reports first, then those of <paramref name="result"/>.
    /// </summary>
    protected void WriteJson(Network network, DatasetExamples examples, object result) =>
        Terminal.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
        {
            model = network.Model.Source,
            fingerprint = network.Fingerprint,
            preprocessing = network.Preprocessing,
            layer = examples.Layer.DisplayName,
            value = examples.Layer.Value,
            channels = examples.Context.Channels,
        }, result));

    /// <summary>The skipped files as the <c>--json</c> result lists them.</summary>
    protected static object BadFilesJson(IReadOnlyList<BadImage> bad) =>
        bad.Select(b => new { file = b.File.RelativePath, reason = b.Reason });

    /// <summary>Lists the files that were skipped, after the results.</summary>
    protected void WriteBadFiles(IReadOnlyList<BadImage> bad)
    {
        if (bad.Count == 0) return;
        Terminal.MarkupLine($"[yellow]Skipped {bad.Count} unreadable file{(bad.Count == 1 ? "" : "s")}:[/]");
        foreach (var b in bad) Terminal.MarkupLine(Markup.Escape($"  {b.File.RelativePath}: {b.Reason}"));
    }
}
