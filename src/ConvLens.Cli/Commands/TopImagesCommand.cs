using ConvLens.Dataset;
using ConvLens.Models;
using ConvLens.Reporting;
using ConvLens.Runtime;
using Spectre.Console;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens top-images</c>: ranks the images of a folder by how much they excite one channel, using
/// the activation index (one pass stores every channel of the layer; other channels answer without running
/// the model), lists the top k, and optionally draws the reference notebook's figure.
/// </summary>
public sealed class TopImagesCommand : DatasetCommand<TopImagesSettings>
{
    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public TopImagesCommand(IAnsiConsole console) : base(console) { }

    /// <inheritdoc />
    protected override int Run(TopImagesSettings settings, Network network, DatasetExamples examples, CancellationToken interrupt)
    {
        var indexPath = examples.Options.IndexPath;
        int channel = settings.Channel!.Value;
        var score = settings.ScoreKind;

        var ranking = DatasetProgressDisplay.Run(Terminal, !settings.Json, $"Scoring {examples.Layer.DisplayName}",
            progress => examples.Rank(channel, score, settings.Bottom, progress, interrupt));
        var update = ranking.Update;
        if (update.Cancelled)
        {
            var kept = indexPath is null ? "nothing was kept (--no-cache)" : $"the index keeps them: {indexPath}";
            WriteLine(settings, $"Interrupted after {update.Computed} of {update.Files - update.Cached} images; {kept}");
            return DatasetInterrupt.ExitCode;
        }
        if (update.Files == 0)
            throw new ConvLensException($"dataset folder '{settings.Dataset}' holds no {Imaging.ImageLoader.SupportedFormats} files (searched recursively by extension)");
        if (ranking.Images.Count == 0)
            throw new ConvLensException($"none of the {update.Files} image files in '{settings.Dataset}' could be read; the first: {update.BadImages[0].Reason}");

        var top = ranking.Top(settings.Top);
        if (settings.Output is { } output) DrawFigure(output, examples, ranking, top);

        if (settings.Json)
        {
            WriteJson(network, examples, new
            {
                channel,
                score = ChannelScores.NameOf(score),
                bottom = settings.Bottom,
                dataset = examples.Root,
                index = indexPath,
                files = update.Files,
                computed = update.Computed,
                cached = update.Cached,
                imagesPerSecond = update.ImagesPerSecond,
                figure = settings.Output,
                top = top.Select(i => Describe(i, examples.Classifier)),
                images = ranking.Images.Select(i => Describe(i, examples.Classifier)),
                badFiles = BadFilesJson(update.BadImages),
            });
            return 0;
        }

        var source = update.Computed == 0 ? $"all from the index {indexPath}"
            : $"{update.Computed} computed ({update.ImagesPerSecond:F1} images/s), {update.Cached} from the index" + (indexPath is null ? " (--no-cache)" : $" {indexPath}");
        Terminal.MarkupLine(Markup.Escape($"Ranked {ranking.Images.Count} images of {examples.Root} by {examples.Layer.DisplayName} channel {channel} ({ChannelScores.Describe(score)}" +
            $"{(settings.Bottom ? ", lowest first" : "")}): {source}"));
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn(new TableColumn(ChannelScores.Describe(score)).RightAligned());
        if (examples.Classifier is not null) table.AddColumn("Predicted class");
        table.AddColumn("File");
        foreach (var image in top)
        {
            var cells = new List<string> { image.Rank.ToString(), Format(image.Score) };
            if (examples.Classifier is { } head) cells.Add(Markup.Escape(ClassText(image, head)));
            cells.Add(Markup.Escape(image.File.RelativePath));
            table.AddRow(cells.ToArray());
        }
        Terminal.Write(table);
        WriteBadFiles(update.BadImages);
        if (settings.Output is not null) Terminal.MarkupLine($"Wrote [bold]{Markup.Escape(settings.Output)}[/]");
        return 0;
    }

    /// <summary>Reads the top images again as they were scored, runs them to the layer for their maps, and draws them.</summary>
    private static void DrawFigure(string path, DatasetExamples examples, DatasetRanking ranking, IReadOnlyList<RankedImage> top)
    {
        var maps = examples.Maps(top, ranking.Channel);
        var scoreName = ChannelScores.Describe(ranking.Score);
        var tiles = maps.Select(m =>
        {
            var title = examples.Classifier is { } head ? $"#{m.Image.Rank} {ClassText(m.Image, head)}" : $"#{m.Image.Rank}";
            var caption = $"{scoreName} {Format(m.Image.Score)} · {Path.GetFileName(m.Image.File.RelativePath)}";
            return new TopImagesFigureTile(m.ModelView, m.Map, m.Height, m.Width, title, caption);
        }).ToArray();
        var which = ranking.Bottom ? "lowest" : "top";
        var heading = $"{examples.Layer.DisplayName} channel {ranking.Channel}: {which} {tiles.Length} of {ranking.Images.Count} images by {scoreName}";
        TopImagesFigure.Write(path, heading, tiles);
    }

    private static object Describe(RankedImage image, ClassificationHead? head) => new
    {
        rank = image.Rank,
        file = image.File.RelativePath,
        score = image.Score,
        l2 = image.Statistics.L2,
        mean = image.Statistics.Mean,
        max = image.Statistics.Max,
        argmax = image.Statistics.ArgMax,
        predicted = image.PredictedClass is { } c && head is not null
            ? new { index = c, name = head.Label(c).Name, probability = image.ClassProbability }
            : null,
    };

    private static string ClassText(RankedImage image, ClassificationHead head) =>
        image.PredictedClass is { } c ? $"{head.Label(c).Name} ({image.ClassProbability:P0})" : "";

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 1000 ? "F0" : "G4", System.Globalization.CultureInfo.InvariantCulture);

    private void WriteLine(TopImagesSettings settings, string text)
    {
        if (settings.Json) Console.Error.WriteLine(text);
        else Terminal.MarkupLine(Markup.Escape(text));
    }
}
