using ConvLens.Dataset;
using ConvLens.Graph;
using ConvLens.Runtime;
using ConvLens.Visualization;

namespace ConvLens.Reporting;

/// <summary>
/// Chooses a layer and channel worth a report without being told: the deepest rectified convolution whose
/// maps still localise (at least <see cref="MinMapSide"/> positions a side), and in it the channel whose
/// best dataset images stand furthest above its typical image (the most selective channel).
/// </summary>
public static class LabReportChannelChooser
{
    /// <summary>The smallest map side the chosen layer may have: smaller maps cannot say where in an image a channel fires.</summary>
    public const int MinMapSide = 14;

    /// <summary>Candidates listed on the page.</summary>
    public const int ListedCandidates = 8;

    /// <summary>For each channel, whether it is above zero somewhere on the notebook recipe's start image (uniform noise around grey, seeded).</summary>
    public static bool[] RespondsToNoise(Network network, Layer layer, NotebookRecipe start)
    {
        var (c, h, w) = network.InputSize;
        var random = new Random(start.Seed);
        var noise = new float[c * h * w];
        for (int i = 0; i < noise.Length; i++) noise[i] = (float)(random.NextDouble() * start.NoiseRange + start.NoiseOffset);
        var activation = network.Activations(new FloatTensor(noise, 1, c, h, w), layer.Value)[layer.Value];
        int channels = activation.Shape[1], plane = activation.ItemLength / channels;
        var awake = new bool[channels];
        for (int k = 0; k < channels; k++)
        {
            var map = activation.Data.AsSpan(k * plane, plane);
            foreach (var v in map) if (v > 0) { awake[k] = true; break; }
        }
        return awake;
    }

    /// <summary>The layer: the deepest convolution alias followed by a ReLU whose maps are at least <see cref="MinMapSide"/> a side.</summary>
    /// <exception cref="ConvLensException">The network has no such layer.</exception>
    public static (Layer Layer, string Rule) ChooseLayer(Network network)
    {
        var rectified = network.Layers.All.Where(l => !l.IsPreprocessing && l.Node.OpType == "Relu" && l.Aliases.Any(a => a.StartsWith("conv", StringComparison.Ordinal)))
            .Where(l => l.Shape is { Rank: 4 } s && s[2].IsKnown && s[3].IsKnown && s[1].IsKnown)
            .ToList();
        var large = rectified.Where(l => Math.Min(l.Shape![2].Value, l.Shape[3].Value) >= MinMapSide).ToList();
        var chosen = large.LastOrDefault() ?? rectified.LastOrDefault()
            ?? throw new ConvLensException($"'{network.Model.Source}' has no convolution followed by a ReLU to choose; name one with --layer");
        var rule = $"Layer: {chosen.DisplayName}, the deepest of the network's {rectified.Count} rectified convolutions (a convolution followed by a ReLU, so its channels are " +
                   $"non-negative features) whose maps still have at least {MinMapSide}×{MinMapSide} positions, so that activation maps show where in an image it fires. " +
                   $"Deeper layers see larger parts of the image; this one has {chosen.Channels} channels of {chosen.Shape![2]}×{chosen.Shape[3]}.";
        return (chosen, rule);
    }

    /// <summary>
    /// The channel of <paramref name="examples"/>' layer whose top-<paramref name="topK"/> images respond most
    /// strongly relative to its median image, from the activation index (one pass over the dataset scores every
    /// channel at once), among the channels that respond to <paramref name="start"/>'s grey-noise start image:
    /// plain gradient ascent has no gradient to climb on a channel that is zero there.
    /// </summary>
    /// <exception cref="ConvLensException">The dataset has no readable image.</exception>
    public static (int Channel, LabReportChannelChoice Choice) ChooseChannel(Network network, DatasetExamples examples, int topK, string layerRule,
        NotebookRecipe start, IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        var awake = RespondsToNoise(network, examples.Layer, start);
        var path = examples.Options.IndexPath ?? throw new InvalidOperationException("choosing a channel needs an activation index (DatasetOptions.IndexPath)");
        examples.Update(progress, cancellation);
        using var index = ActivationIndex.Open(path);
        var images = index.Images(examples.Context, examples.Root).Where(i => i.Error is null && i.Statistics is not null).ToList();
        if (images.Count == 0) throw new ConvLensException($"the dataset '{examples.Root}' has no readable images to choose a channel by");
        int channels = examples.Context.Channels;
        var medians = new double[channels];
        var tops = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            var scores = images.Select(i => i.Channel(c).L2).Order().ToArray();
            medians[c] = Html.ScoreDistributionPlot.Median(scores);
            tops[c] = scores.TakeLast(Math.Min(topK, scores.Length)).Average();
        }
        // A channel silent on most images has median 0: a floor (a tenth of the layer's typical median) keeps
        // the ratio finite while still favouring such selective channels.
        double floor = 0.1 * Html.ScoreDistributionPlot.Median(medians) + 1e-12;
        var ranked = Enumerable.Range(0, channels).Where(c => tops[c] > 0 && awake[c])
            .Select(c => (Channel: c, Score: tops[c] / (medians[c] + floor))).OrderByDescending(c => c.Score).ThenBy(c => c.Channel).ToList();
        if (ranked.Count == 0)
            throw new ConvLensException($"every channel of '{examples.Layer.DisplayName}' is silent on the dataset '{examples.Root}' or on grey noise; name one with --channel");
        var best = ranked[0];
        double typical = Html.ScoreDistributionPlot.Median(ranked.Select(r => r.Score).ToArray());
        var explanation = $"Channel: ConvLens scored all {channels} channels of {examples.Layer.DisplayName} on the {images.Count} demo images (one pass; the activation index keeps every channel) " +
                          $"and chose the most selective one: the channel whose {Math.Min(topK, images.Count)} best images have the highest mean L2 norm relative to its median image " +
                          $"(plus a floor of a tenth of the layer's typical median, so silent channels do not divide by zero), among the {awake.Count(a => a)} channels " +
                          $"that respond to the notebook recipe's grey-noise start image ({channels - awake.Count(a => a)} are zero there, and plain gradient ascent cannot climb from zero). " +
                          $"Channel {best.Channel} scores " +
                          $"{Html.ReportCaptions.Ratio(best.Score)}, against {Html.ReportCaptions.Ratio(typical)} for the layer's median channel.";
        return (best.Channel, new LabReportChannelChoice(explanation, $"top-{Math.Min(topK, images.Count)} mean ÷ (median + floor), L2 norm", ranked.Take(ListedCandidates).ToList(), layerRule));
    }
}
