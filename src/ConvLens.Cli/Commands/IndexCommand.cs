using ConvLens.Dataset;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens index</c>: runs the model over a dataset folder (or one shard of it) once and stores, for
/// every channel of the layer, each image's L2 norm, mean, max and argmax, plus the predicted class, in
/// the activation index. Files the index already holds unchanged are not computed again.
/// </summary>
public sealed class IndexCommand : Command<IndexSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public IndexCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, IndexSettings settings, CancellationToken cancellation)
    {
        using var network = ModelLoader.Open(settings.Model, settings.DatasetLoadOptions);
        var shard = settings.ShardValue;
        var examples = new DatasetExamples(network, settings.Layer, settings.Dataset, settings.BuildDatasetOptions(settings.IndexPath, shard));
        var shardText = shard.Count > 1 ? $" (shard {shard})" : "";

        using var interrupt = new DatasetInterrupt(cancellation);
        var update = DatasetProgressDisplay.Run(_console, !settings.Json, $"Indexing {examples.Layer.DisplayName}{shardText}",
            progress => examples.Update(progress, interrupt.Token));

        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                fingerprint = network.Fingerprint,
                preprocessing = network.Preprocessing,
                layer = examples.Layer.DisplayName,
                value = examples.Layer.Value,
                channels = examples.Context.Channels,
                classes = examples.Context.Classes,
                dataset = examples.Root,
                shard = shard.ToString(),
                index = settings.IndexPath,
                files = update.Files,
                computed = update.Computed,
                cached = update.Cached,
                imagesPerSecond = update.ImagesPerSecond,
                seconds = update.Elapsed.TotalSeconds,
                cancelled = update.Cancelled,
                badFiles = update.BadImages.Select(b => new { file = b.File.RelativePath, reason = b.Reason }),
            }));
            return update.Cancelled ? DatasetInterrupt.ExitCode : 0;
        }

        var verb = update.Cancelled ? "Interrupted indexing" : "Indexed";
        _console.MarkupLine(Markup.Escape($"{verb} {examples.Layer.DisplayName} ({examples.Context.Channels} channels" +
            $"{(examples.Classifier is null ? "" : ", predicted classes")}) of {examples.Root}{shardText}: {update.Files} image files, " +
            $"{update.Computed} computed in {update.Elapsed.TotalSeconds:F1} s ({update.ImagesPerSecond:F1} images/s), {update.Cached} already indexed, " +
            $"{update.BadImages.Count} unreadable"));
        _console.MarkupLine($"Index: [bold]{Markup.Escape(settings.IndexPath)}[/]");
        TopImagesCommand.WriteBadFiles(_console, update.BadImages);
        if (update.Cancelled)
        {
            _console.MarkupLine("Stopped by Ctrl+C; the index keeps every batch finished so far. Run the command again to go on.");
            return DatasetInterrupt.ExitCode;
        }
        return 0;
    }
}
