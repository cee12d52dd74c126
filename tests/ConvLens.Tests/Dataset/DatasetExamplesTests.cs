using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Runtime;
using ConvLens.Tests.Imaging;
using Xunit;

namespace ConvLens.Tests.Dataset;

public sealed class DatasetExamplesTests
{
    /// <summary>Gratings from horizontal (0°) to vertical (90°): the horizontal-edge channel answers in that order.</summary>
    private static readonly string[] ExpectedOrder = ["q.png", "sub/c.png", "sub/deeper/x.png", "a.png", "m.png", "sub/v1.png", "v2.png"];

    [Fact]
    public void TheHorizontalEdgeChannelRanksHorizontalGratingsFirstAndBreaksTiesByPath()
    {
        var folder = new GratingFolder();
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(folder));

        var ranking = examples.Rank(EdgeModel.Horizontal);

        Assert.Equal(ExpectedOrder, ranking.Images.Select(i => i.File.RelativePath));
        Assert.Equal(Enumerable.Range(1, ExpectedOrder.Length), ranking.Images.Select(i => i.Rank));
        // Vertical stripes have identical rows: the detector of row-to-row change sees only the resampler's
        // float rounding (below 1e-3 of the horizontal grating's score), and the two identical files tie.
        Assert.True(ranking.Images[^1].Score < 1e-3 * ranking.Images[0].Score, $"90° scores {ranking.Images[^1].Score}");
        Assert.Equal(ranking.Images[^2].Score, ranking.Images[^1].Score);
        Assert.True(ranking.Images[0].Score > 2 * ranking.Images[3].Score, $"0° scores {ranking.Images[0].Score}, 60° {ranking.Images[3].Score}");
        // The classifier's vote follows the channel: horizontal stripes are "tabby" (class 281), vertical ones "goldfish" (1).
        Assert.Equal(EdgeModel.HorizontalClass, ranking.Images[0].PredictedClass);
        Assert.Equal(EdgeModel.VerticalClass, ranking.Images[^1].PredictedClass);

        var bottom = examples.Rank(EdgeModel.Horizontal, bottom: true);
        Assert.Equal(["sub/v1.png", "v2.png", "m.png", "a.png", "sub/deeper/x.png", "sub/c.png", "q.png"], bottom.Images.Select(i => i.File.RelativePath));

        // The vertical-edge channel's mean grows with the sine of the orientation: the reverse order, the identical pair tied in path order.
        var vertical = examples.Rank(EdgeModel.Vertical, ChannelScore.Mean);
        Assert.Equal(["sub/v1.png", "v2.png", "m.png", "a.png", "sub/deeper/x.png", "sub/c.png", "q.png"], vertical.Images.Select(i => i.File.RelativePath));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RankingAndScoresEqualAPlainLoopRunningTheEngineOneImageAtATime(bool indexed)
    {
        var folder = new GratingFolder();
        using var network = Network.FromModel(EdgeModel.Build());
        var options = Options(folder) with { BatchSize = 3, DecodeThreads = 2 };
        if (!indexed) options = options with { IndexPath = null };
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, options);

        foreach (var score in new[] { ChannelScore.L2, ChannelScore.Mean, ChannelScore.Max })
            foreach (int channel in new[] { EdgeModel.Horizontal, EdgeModel.Vertical, EdgeModel.HorizontalNegated, EdgeModel.Grey })
            {
                var ranking = examples.Rank(channel, score);
                var plain = PlainLoop(folder, channel);
                var expected = plain.OrderByDescending(p => p.Statistics.Score(score)).ThenBy(p => p.Path, StringComparer.Ordinal).ToArray();
                Assert.Equal(expected.Select(p => p.Path), ranking.Images.Select(i => i.File.RelativePath));
                for (int i = 0; i < expected.Length; i++)
                    // Exact: batched and single runs of this convolution give the same floats, and the statistics are summed in one order.
                    Assert.Equal(expected[i].Statistics, ranking.Images[i].Statistics);
            }
    }

    [Fact]
    public void AnotherChannelAnswersFromTheIndexWithoutAForwardPassAndEqualsAColdRun()
    {
        var folder = new GratingFolder();
        var options = Options(folder);
        using (var first = Network.FromModel(EdgeModel.Build()))
        {
            var ranking = new DatasetExamples(first, EdgeModel.Layer, folder.Root, options).Rank(EdgeModel.Horizontal);
            Assert.Equal((GratingFolder.Gratings.Length, 0), (ranking.Update.Computed, ranking.Update.Cached));
            Assert.Equal(1, first.SessionsCompiled);
        }

        // A new network, as in a new process: the index answers, no session is even compiled.
        using var second = Network.FromModel(EdgeModel.Build());
        var cached = new DatasetExamples(second, EdgeModel.Layer, folder.Root, options).Rank(EdgeModel.Vertical, ChannelScore.Mean);
        Assert.Equal(0, second.SessionsCompiled);
        Assert.Equal((0, GratingFolder.Gratings.Length), (cached.Update.Computed, cached.Update.Cached));

        using var third = Network.FromModel(EdgeModel.Build());
        var cold = new DatasetExamples(third, EdgeModel.Layer, folder.Root, options with { IndexPath = null }).Rank(EdgeModel.Vertical, ChannelScore.Mean);
        Assert.Equal(cold.Images.Select(i => (i.File.RelativePath, i.Score, i.Statistics, i.PredictedClass, i.ClassProbability)),
            cached.Images.Select(i => (i.File.RelativePath, i.Score, i.Statistics, i.PredictedClass, i.ClassProbability)));
    }

    [Fact]
    public void TouchingOneImageRecomputesOnlyThatImage()
    {
        var folder = new GratingFolder();
        var options = Options(folder) with { BatchSize = 4 };
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, options);
        var before = examples.Rank(EdgeModel.Horizontal);
        var session = network.Forward([EdgeModel.Layer, "probabilities"]);
        int runs = session.RunCount;

        var touched = folder.PathOf("a.png");
        File.SetLastWriteTimeUtc(touched, File.GetLastWriteTimeUtc(touched).AddMinutes(1));
        var after = examples.Rank(EdgeModel.Horizontal);

        Assert.Equal((1, GratingFolder.Gratings.Length - 1), (after.Update.Computed, after.Update.Cached));
        Assert.Equal(runs + 1, session.RunCount);
        Assert.Equal(before.Images.Select(i => (i.File.RelativePath, i.Statistics)), after.Images.Select(i => (i.File.RelativePath, i.Statistics)));

        // A changed file is computed again with its new content (now horizontal stripes); a new file is added.
        folder.Write("a.png", 0, phase: 1.1);
        folder.Write("new/n.png", 10);
        var changed = examples.Rank(EdgeModel.Horizontal);
        Assert.Equal((2, GratingFolder.Gratings.Length - 1), (changed.Update.Computed, changed.Update.Cached));
        Assert.Equal(["a.png", "new/n.png", "q.png"], changed.Images.Take(3).Select(i => i.File.RelativePath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CorruptEmptyTruncatedAndNonImageFilesAreReportedNotFatal()
    {
        var folder = new GratingFolder();
        var png = File.ReadAllBytes(folder.PathOf("q.png"));
        folder.WriteBytes("bad/empty.png", []);
        folder.WriteBytes("bad/truncated.png", png[..60]);
        folder.WriteBytes("bad/text.jpg", "this is not a picture, it is a note"u8.ToArray());
        var noise = new byte[500];
        new Random(7).NextBytes(noise);
        folder.WriteBytes("bad/corrupt.jpg", [0xFF, 0xD8, 0xFF, 0xE0, .. noise]);
        folder.WriteBytes("notes.txt", "not listed: not an image extension"u8.ToArray());
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(folder) with { BatchSize = 2 });

        var ranking = examples.Rank(EdgeModel.Horizontal);

        Assert.Equal(ExpectedOrder, ranking.Images.Select(i => i.File.RelativePath));
        Assert.Equal(["bad/corrupt.jpg", "bad/empty.png", "bad/text.jpg", "bad/truncated.png"], ranking.BadImages.Select(b => b.File.RelativePath));
        Assert.Contains("empty", ranking.BadImages[1].Reason);
        Assert.Contains("truncated", ranking.BadImages[3].Reason);
        Assert.Contains("not a", ranking.BadImages[2].Reason);
        // Reasons name the file by its path in the dataset, not where this machine mounts it.
        Assert.All(ranking.BadImages, b => Assert.DoesNotContain(folder.Root, b.Reason));

        // The index remembers them: a second query lists them again without reading anything.
        var again = examples.Rank(EdgeModel.Vertical);
        Assert.Equal(0, again.Update.Computed);
        Assert.Equal(ranking.BadImages, again.BadImages);
    }

    [Fact]
    public void GrayscaleAndCmykJpegsAreScoredAndTheFigureMapsShowTheImageThatWasScored()
    {
        var folder = new GratingFolder();
        // Horizontal bands of 8-pixel blocks: a one-channel grayscale JPEG (40 and 210), and an Adobe CMYK one
        // with black ink only (200 and 0), stored inverted (255 − ink) as Photoshop writes it.
        folder.WriteBytes("gray.jpg", JpegFile.EncodeFlatBlocks(8, 8, 1, (_, by, _) => (byte)(by % 2 == 0 ? 40 : 210)));
        folder.WriteBytes("cmyk.jpg", JpegFile.EncodeFlatBlocks(8, 8, 4, (_, by, c) => c < 3 ? (byte)255 : (byte)(by % 2 == 0 ? 255 - 200 : 255)));
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(folder));

        var ranking = examples.Rank(EdgeModel.Horizontal);

        Assert.Empty(ranking.BadImages);
        var paths = ranking.Images.Select(i => i.File.RelativePath).ToList();
        Assert.Contains("gray.jpg", paths);
        Assert.Contains("cmyk.jpg", paths);
        var maps = examples.Maps(ranking.Top(ranking.Images.Count), EdgeModel.Horizontal);
        foreach (var map in maps)
        {
            // The figure's picture is the file as the model saw it, and its map gives the ranking's numbers again.
            var seen = ImageLoader.Load(map.Image.File.FullPath, EdgeModel.Size, EdgeModel.Size);
            Assert.Equal(RgbImage.FromChw(seen.Pixels, EdgeModel.Size, EdgeModel.Size).Pixels, map.ModelView.Pixels);
            Assert.Equal(map.Image.Statistics, map.Statistics);
        }
        // Row 1 of the 32-row view averages source rows 0..5, all inside the first band: its exact colour.
        Assert.Equal(((byte)40, (byte)40, (byte)40), maps.Single(m => m.Image.File.RelativePath == "gray.jpg").ModelView[5, 1]);
        var (r, g, b) = maps.Single(m => m.Image.File.RelativePath == "cmyk.jpg").ModelView[5, 1];
        // 200 of black ink on white paper is 255 − 200 = 55 in RGB; ±1 for the decoder's integer CMYK conversion.
        Assert.True(Math.Abs(r - 55) <= 1 && Math.Abs(g - 55) <= 1 && Math.Abs(b - 55) <= 1, $"CMYK black ink 200 should be grey 55, got ({r}, {g}, {b})");
    }

    [Fact]
    public void CancellingStopsBetweenBatchesAndTheIndexKeepsWholeBatchesThatTheNextRunCompletes()
    {
        var folder = new GratingFolder();
        for (int i = 0; i < 9; i++) folder.Write($"more/g{i}.png", 10 * i);
        int total = GratingFolder.Gratings.Length + 9;
        var options = Options(folder) with { BatchSize = 4, DecodeThreads = 2 };
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, options);
        using var cancel = new CancellationTokenSource();

        var stopped = examples.Update(new Immediate(_ => cancel.Cancel()), cancel.Token);

        Assert.True(stopped.Cancelled);
        Assert.Equal(4, stopped.Computed);
        using (var index = ActivationIndex.Open(options.IndexPath!))
            Assert.Equal(4, index.Count(examples.Context));
        var resumed = examples.Update();
        Assert.False(resumed.Cancelled);
        Assert.Equal((total - 4, 4), (resumed.Computed, resumed.Cached));
        var ranking = examples.Rank(EdgeModel.Horizontal);
        Assert.Equal(total, ranking.Images.Count);
        Assert.Equal(0, ranking.Update.Computed);
    }

    [Fact]
    public void AChannelOutsideTheLayerIsAUserErrorNamingTheRange()
    {
        var folder = new GratingFolder();
        using var network = Network.FromModel(EdgeModel.Build());
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(folder));
        var e = Assert.Throws<ConvLensException>(() => examples.Rank(4));
        Assert.Contains("0..3", e.Message);
        Assert.Throws<ConvLensException>(() => new DatasetExamples(network, EdgeModel.Layer, Path.Combine(folder.Root, "missing"), Options(folder)).Rank(0));
    }

    [Fact]
    public void AModelWithoutAClassifierStoresNoClasses()
    {
        var folder = new GratingFolder();
        using var network = Network.FromModel(EdgeModel.Build(classifier: false));
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(folder));
        Assert.Null(examples.Classifier);
        var ranking = examples.Rank(EdgeModel.Horizontal);
        Assert.Equal(ExpectedOrder, ranking.Images.Select(i => i.File.RelativePath));
        Assert.All(ranking.Images, i => Assert.Null(i.PredictedClass));
    }

    [Fact]
    public void AModelWithAFixedBatchSizeRunsFullBatchesWithTheLastOnePadded()
    {
        var folder = new GratingFolder();
        using var fixedNetwork = Network.FromModel(EdgeModel.Build(classifier: false, fixedBatch: 3));
        using var dynamicNetwork = Network.FromModel(EdgeModel.Build(classifier: false));
        Assert.True(fixedNetwork.FixedBatch);

        // 7 images in batches of 3: the third batch holds one image and two zero images that are not kept.
        var padded = new DatasetExamples(fixedNetwork, EdgeModel.Layer, folder.Root, Options(folder) with { BatchSize = 5, IndexPath = null }).Rank(EdgeModel.Horizontal);
        var plain = new DatasetExamples(dynamicNetwork, EdgeModel.Layer, folder.Root, Options(folder) with { IndexPath = null }).Rank(EdgeModel.Horizontal);

        Assert.Equal(3, fixedNetwork.Forward([EdgeModel.Layer]).RunCount);
        Assert.Equal(plain.Images, padded.Images);
    }

    /// <summary>The index in the test's own folder (never the user's home), next to the dataset.</summary>
    internal static DatasetOptions Options(GratingFolder folder) =>
        new() { IndexPath = Path.Combine(folder.Root + "-index", "index.db"), BatchSize = 3, DecodeThreads = 2 };

    /// <summary>Each image read and run alone, the channel's statistics computed from the activation.</summary>
    internal static List<(string Path, ChannelStatistics Statistics)> PlainLoop(GratingFolder folder, int channel)
    {
        using var network = Network.FromModel(EdgeModel.Build(classifier: false));
        var results = new List<(string, ChannelStatistics)>();
        foreach (var (_, path) in GratingFolder.Gratings)
        {
            var image = ImageLoader.Load(folder.PathOf(path), EdgeModel.Size, EdgeModel.Size);
            var activation = network.Activations(image.ToTensor(), EdgeModel.Layer)[EdgeModel.Layer];
            int plane = EdgeModel.MapSize * EdgeModel.MapSize;
            results.Add((path, ChannelStatistics.Of(activation.Data.AsSpan(channel * plane, plane))));
        }
        return results;
    }

    private sealed class Immediate(Action<IndexProgress> handle) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => handle(value);
    }
}
