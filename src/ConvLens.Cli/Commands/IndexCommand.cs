using ConvLens.Dataset;
using ConvLens.Runtime;
using Spectre.Console;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens index</c>: runs the model over a dataset folder (or one shard of it) once and stores, for
/// every channel of the layer, each image's L2 norm, mean, max and argmax, plus the predicted class, in
/// the activation index. Files the index already holds unchanged are not computed again.
/// </summary>
public sealed class IndexCommand : DatasetCommand<IndexSettings>
{
    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public IndexCommand(IAnsiConsole console) : base(console) { }

    /// <inheritdoc />
    protected override int Run(IndexSettings settings, Network network, DatasetExamples examples, CancellationToken interrupt)
    {
        var shard = examples.Options.Shard;
        var shardText = shard.Count > 1 ? $" (shard {shard})" : "";

        var update = DatasetProgressDisplay.Run(Terminal, !settings.Json, $"Indexing {examples.Layer.DisplayName}{shardText}",
            progress => examples.Update(progress, interrupt));

        if (settings.Json)
        {
            WriteJson(network, examples, new
            {
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
                badFiles = BadFilesJson(update.BadImages),
            });
            return update.Cancelled ? DatasetInterrupt.ExitCode : 0;
        }

        var verb = update.Cancelled ? "Interrupted indexing" : "Indexed";
        Terminal.MarkupLine(Markup.Escape($"{verb} {examples.Layer.DisplayName} ({examples.Context.Channels} channels" +
            $"{(examples.Classifier is null ? "" : ", predicted classes")}) of {examples.Root}{shardText}: {update.Files} image files, " +
            $"{update.Computed} computed in {update.Elapsed.TotalSeconds:F1} s ({update.ImagesPerSecond:F1} images/s), {update.Cached} already indexed, " +
            $"{update.BadImages.Count} unreadable"));
        Terminal.MarkupLine($"Index: [bold]{Markup.Escape(settings.IndexPath)}[/]");
        WriteBadFiles(update.BadImages);
        if (update.Cancelled)
        {
            Terminal.MarkupLine("Stopped by Ctrl+C; the index keeps every batch finished so far. Run the command again to go on.");
            return DatasetInterrupt.ExitCode;
        }
        return 0;
    }
}
