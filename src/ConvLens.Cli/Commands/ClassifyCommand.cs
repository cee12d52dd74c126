using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens classify</c>: the top-k ImageNet classes of each image, like Keras's
/// <c>decode_predictions(model.predict(x))</c>, and optionally the notebook's figure of the images
/// titled with their labels.
/// </summary>
public sealed class ClassifyCommand : Command<ClassifySettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ClassifyCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ClassifySettings settings, CancellationToken cancellation)
    {
        using var network = ModelLoader.Open(settings.Model, settings.LoadOptions);
        // Before reading any image: a model without a classifier fails at once with the reason.
        var head = ClassificationHead.Of(network);
        var (_, height, width) = network.InputSize;
        var loadOptions = new ImageLoadOptions { Resize = ResizeModes.Parse(settings.Resize) };

        var results = new List<(string Path, ClassificationPrediction[] Top)>();
        var tiles = new List<ClassificationGridTile>();
        foreach (var path in settings.Images)
        {
            cancellation.ThrowIfCancellationRequested();
            var image = ImageLoader.Load(path, width, height, loadOptions);
            var top = head.Predict(network, image.ToTensor(), settings.Top)[0];
            results.Add((path, top));
            // Keep only the model-sized view for the figure, not the decoded original.
            if (settings.Output is not null)
                tiles.Add(new ClassificationGridTile(RgbImage.FromChw(image.Pixels, image.Width, image.Height), top[0].Name, image.FileName));
        }

        if (settings.Output is { } output) ClassificationGrid.Write(output, tiles);

        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                output = head.Output,
                classes = head.ClassCount,
                scores = head.Kind switch
                {
                    ClassificationScoreKind.Probabilities => "probabilities",
                    ClassificationScoreKind.LogProbabilities => "log-probabilities",
                    _ => "logits",
                },
                figure = settings.Output,
                images = results.Select(r => new
                {
                    file = r.Path,
                    top = r.Top.Select(p => new { index = p.Index, name = p.Name, description = p.Description, probability = p.Probability }),
                }),
            }));
            return 0;
        }

        foreach (var (path, top) in results)
        {
            _console.MarkupLine($"[bold]{Markup.Escape(path)}[/]: {Markup.Escape(top[0].Name)} ({top[0].Index}) {top[0].Probability:P1}");
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("#").RightAligned()).AddColumn(new TableColumn("Index").RightAligned())
                .AddColumn("Class").AddColumn(new TableColumn("Probability").RightAligned());
            for (int i = 0; i < top.Length; i++)
                table.AddRow((i + 1).ToString(), top[i].Index.ToString(), Markup.Escape(top[i].Description), top[i].Probability.ToString("P2"));
            _console.Write(table);
        }
        if (settings.Output is not null) _console.MarkupLine($"Wrote [bold]{Markup.Escape(settings.Output)}[/]");
        return 0;
    }
}
