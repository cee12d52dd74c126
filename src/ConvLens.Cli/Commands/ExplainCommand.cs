using ConvLens.Attribution;
using ConvLens.Attribution.Gradients;
using ConvLens.Attribution.Targets;
using ConvLens.Imaging;
using ConvLens.Reporting;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens explain</c>: which parts of each image a class (or a channel) depends on, by a CAM or
/// gradient method: one overlay PNG per image at the image's own size and, with <c>--json</c>, the raw map.
/// </summary>
public sealed class ExplainCommand : Command<ExplainSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ExplainCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var (_, height, width) = network.InputSize;
        var resize = ResizeModes.Parse(settings.Resize);
        var loadOptions = new ImageLoadOptions { Resize = resize };
        // The target is settled before any image is read: a model without a classifier fails at once.
        Func<FloatTensor, IAttributionTarget> targetFor = TargetChooser(network, settings);
        var method = AttributionMethods.Create(settings.Method, new AttributionOptions
        {
            CamLayer = settings.CamLayer,
            BatchSize = settings.BatchSize,
            NoiseLevel = settings.Noise,
            Samples = settings.Samples,
            Steps = settings.Steps,
            // Only IG has a baseline: other methods never read (or load) the file.
            Baseline = settings.Method.Trim().Equals("ig", StringComparison.OrdinalIgnoreCase)
                ? ParseBaseline(settings.Baseline, settings.Seed, width, height, loadOptions)
                : IntegratedGradientsBaseline.Black,
            Seed = settings.Seed,
        });
        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Get(settings.Colormap), Alpha = settings.Alpha, Minimum = 0, Maximum = 1 };
        Directory.CreateDirectory(settings.Output);

        var results = new List<object>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in settings.Images)
        {
            cancellation.ThrowIfCancellationRequested();
            var image = ImageLoader.Load(path, width, height, loadOptions);
            var input = image.ToTensor();
            var target = targetFor(input);
            var map = method.Explain(network, input, target);
            var region = HeatmapOverlay.RegionFor(image.Original, width, height, resize);
            var overlay = HeatmapOverlay.Blend(image.Original, map.Normalized(), map.Height, map.Width, style, region);
            var file = Path.Combine(settings.Output, UniqueName(names, Path.GetFileNameWithoutExtension(path), method.Name));
            if (settings.Colorbar)
            {
                using var figure = ActivationFigureColorbar.AppendTo(overlay, style.Colormap, 0, 1);
                ImageWriter.SavePng(figure, file);
            }
            else ImageWriter.SavePng(overlay, file);
            results.Add(Describe(path, file, map, settings.Json));
            if (!settings.Json)
                _console.MarkupLine($"[bold]{Markup.Escape(path)}[/]: {Markup.Escape(method.Name)} of {Markup.Escape(map.Target)} " +
                    $"(score {map.Score:G5}{(map.Layer is null ? "" : $", layer {Markup.Escape(map.Layer)}")}" +
                    $"{(map.Completeness is { } c ? $", completeness error {c.RelativeError:P2}" : "")}) -> {Markup.Escape(file)}");
        }

        if (settings.Json)
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                method = method.Name,
                output = settings.Output,
                images = results,
            }));
        return 0;
    }

    /// <summary>How each image's target is chosen: a channel, a fixed class, or the image's top class.</summary>
    private static Func<FloatTensor, IAttributionTarget> TargetChooser(Network network, ExplainSettings settings)
    {
        if (settings.Layer is { } layer && settings.Channel is { } channel)
        {
            var resolved = network.Layers.Resolve(layer);
            if (resolved.Channels is { } channels && (channel < 0 || channel >= channels))
                throw new ConvLensException($"layer '{layer}' has channels 0..{channels - 1}; --channel {channel} is out of range");
            var target = new ChannelTarget(layer, channel);
            return _ => target;
        }
        if (settings.Class is { } k)
        {
            var target = ClassTarget.For(network, k);
            return _ => target;
        }
        ClassTarget.ScoresOf(network);
        return image => ClassTarget.TopPrediction(network, image);
    }

    private static IntegratedGradientsBaseline ParseBaseline(string baseline, int seed, int width, int height, ImageLoadOptions options) =>
        baseline.Trim().ToLowerInvariant() switch
        {
            "black" or "zero" => IntegratedGradientsBaseline.Black,
            "blur" => new IntegratedGradientsBaseline { Kind = BaselineKind.Blur },
            "noise" or "uniform" => new IntegratedGradientsBaseline { Kind = BaselineKind.UniformNoise, Seed = seed },
            _ => File.Exists(baseline)
                ? new IntegratedGradientsBaseline { Kind = BaselineKind.Image, Image = ImageLoader.Load(baseline, width, height, options).Pixels }
                : throw new ConvLensException($"--baseline '{baseline}' is neither black, blur, noise nor an existing image file"),
        };

    /// <summary><c>NAME.METHOD.png</c>, numbered when two images share a name.</summary>
    private static string UniqueName(HashSet<string> taken, string stem, string method)
    {
        var name = $"{stem}.{method}.png";
        for (int i = 2; !taken.Add(name); i++) name = $"{stem}-{i}.{method}.png";
        return name;
    }

    private static object Describe(string path, string overlay, AttributionMap map, bool withMap) => new
    {
        file = path,
        overlay,
        target = map.Target,
        layer = map.Layer,
        score = map.Score,
        normalization = map.Normalization == MapNormalization.MinMax ? "min-max" : "percentile-99",
        completeness = map.Completeness is { } c
            ? new { attributionSum = c.AttributionSum, imageScore = c.ImageScore, baselineScore = c.BaselineScore, relativeError = c.RelativeError }
            : null,
        height = map.Height,
        width = map.Width,
        map = withMap ? Rows(map) : null,
    };

    /// <summary>The raw map as rows; non-finite values become null (JSON has no NaN).</summary>
    private static double?[][] Rows(AttributionMap map) =>
        Enumerable.Range(0, map.Height).Select(y => Enumerable.Range(0, map.Width)
            .Select(x => float.IsFinite(map[y, x]) ? (double?)map[y, x] : null).ToArray()).ToArray();
}
