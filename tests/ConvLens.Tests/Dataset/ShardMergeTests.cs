using ConvLens.Dataset;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Dataset;

public sealed class ShardMergeTests
{
    [Fact]
    public void ThreeShardsMergedEqualTheSingleRunIndexExactly()
    {
        var folder = new GratingFolder();
        for (int i = 0; i < 14; i++) folder.Write($"extra/{i:x}/g.png", 7 * i, phase: i * 0.4);
        folder.WriteBytes("extra/broken.jpg", [0xFF, 0xD8, 0xFF]);
        int total = DatasetScanner.Scan(folder.Root).Count;
        using var network = Network.FromModel(EdgeModel.Build());
        var scratch = TestFiles.TempFolder();

        var single = Path.Combine(scratch, "single.db");
        new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(single, DatasetShard.All)).Update();

        var shards = new List<string>();
        var seen = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var shard = new DatasetShard(i, 3);
            var path = Path.Combine(scratch, $"shard{i}.db");
            var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(path, shard));
            var update = examples.Update();
            Assert.True(update.Files > 0, $"shard {shard} is empty: the split of {total} paths is lopsided");
            seen.AddRange(examples.Scan().Select(f => f.RelativePath));
            shards.Add(path);
        }
        // The shards split the dataset: every file in exactly one.
        Assert.Equal(DatasetScanner.Scan(folder.Root).Select(f => f.RelativePath), seen.Order(StringComparer.Ordinal));

        var merged = Path.Combine(scratch, "merged.db");
        var result = ActivationIndex.Merge(shards, merged);
        Assert.Equal((3, 1, total, 0), (result.Inputs, result.Contexts, result.Images, result.Duplicates));

        using var a = ActivationIndex.Open(single);
        using var b = ActivationIndex.Open(merged);
        Assert.Equal(a.Contexts(), b.Contexts());
        var context = a.Contexts().Single();
        AssertSameImages(a.Images(context), b.Images(context));
        Assert.Equal(total, b.Images(context).Count);

        // And the merged index answers a query exactly as the single one does.
        var fromSingle = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(single, DatasetShard.All)).Rank(EdgeModel.Vertical, ChannelScore.Max);
        var fromMerged = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(merged, DatasetShard.All)).Rank(EdgeModel.Vertical, ChannelScore.Max);
        Assert.Equal(0, fromMerged.Update.Computed);
        Assert.Equal(fromSingle.Images, fromMerged.Images);
        Assert.Equal(fromSingle.BadImages, fromMerged.BadImages);
    }

    [Fact]
    public void MergingKeepsTheNewerEntryOfAnImageTwoIndexesHold()
    {
        var folder = new GratingFolder();
        using var network = Network.FromModel(EdgeModel.Build());
        var scratch = TestFiles.TempFolder();
        var old = Path.Combine(scratch, "old.db");
        var examples = new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(old, DatasetShard.All));
        examples.Update();
        folder.Write("a.png", 0, phase: 2);
        File.SetLastWriteTimeUtc(folder.PathOf("a.png"), DateTime.UtcNow.AddMinutes(5));
        var fresh = Path.Combine(scratch, "fresh.db");
        new DatasetExamples(network, EdgeModel.Layer, folder.Root, Options(fresh, DatasetShard.All)).Update();

        // Whichever order they are given in, the entry of the current file wins.
        foreach (var order in new[] { new[] { old, fresh }, [fresh, old] })
        {
            var merged = Path.Combine(scratch, $"merged-{Path.GetFileNameWithoutExtension(order[0])}.db");
            var result = ActivationIndex.Merge(order, merged);
            Assert.Equal(GratingFolder.Gratings.Length, result.Duplicates);
            using var m = ActivationIndex.Open(merged);
            using var f = ActivationIndex.Open(fresh);
            AssertSameImages(f.Images(examples.Context), m.Images(examples.Context));
        }
    }

    [Fact]
    public void ShardsAreAFixedFunctionOfThePath()
    {
        // The same path lands in the same shard on every run and machine.
        var first = Enumerable.Range(0, 50).Select(i => $"n{i:d5}/img_{i}.JPEG").Select(p => DatasetShard.Hash(p) % 4).ToArray();
        var second = Enumerable.Range(0, 50).Select(i => $"n{i:d5}/img_{i}.JPEG").Select(p => DatasetShard.Hash(p) % 4).ToArray();
        Assert.Equal(first, second);
        // FNV-1a 64 from its specification: the offset basis for "", offset basis xor 0x61 times the prime for "a".
        Assert.Equal(0xcbf29ce484222325UL, DatasetShard.Fnv1a(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, DatasetShard.Fnv1a("a"));
        // 50 ImageNet-like names spread over all 4 shards, none holding more than half (a fair split holds 12.5 on average).
        Assert.Equal(4, first.Distinct().Count());
        Assert.True(first.GroupBy(s => s).Max(g => g.Count()) <= 25, string.Join(",", first));
        Assert.Equal(new DatasetShard(2, 5), DatasetShard.Parse(" 2 / 5 "));
        foreach (var bad in new[] { "3/3", "-1/2", "1", "a/b", "0/0" })
            Assert.Throws<ConvLensException>(() => DatasetShard.Parse(bad));
    }

    [Fact]
    public void MergeRefusesAMissingInputAndWritingOverAnInput()
    {
        var scratch = TestFiles.TempFolder();
        var a = Path.Combine(scratch, "a.db");
        using (ActivationIndex.Open(a)) { }
        Assert.Contains("does not exist", Assert.Throws<ConvLensException>(() => ActivationIndex.Merge([a, Path.Combine(scratch, "nope.db")], Path.Combine(scratch, "m.db"))).Message);
        Assert.Contains("also an input", Assert.Throws<ConvLensException>(() => ActivationIndex.Merge([a], a)).Message);
        var text = Path.Combine(scratch, "text.db");
        File.WriteAllText(text, "not a database, just some text that is long enough to have a header page of its own......");
        Assert.Contains("not a usable ConvLens index", Assert.Throws<ConvLensException>(() => ActivationIndex.Merge([text], Path.Combine(scratch, "m.db"))).Message);
        Assert.False(File.Exists(Path.Combine(scratch, "m.db")));
    }

    internal static void AssertSameImages(IReadOnlyList<IndexedImage> expected, IReadOnlyList<IndexedImage> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.File, a.File);
            Assert.Equal((e.Error, e.PredictedClass, e.ClassProbability), (a.Error, a.PredictedClass, a.ClassProbability));
            // Byte for byte: the merged index holds the very bits the single run wrote.
            Assert.Equal(e.Statistics, a.Statistics);
        }
    }

    private static DatasetOptions Options(string db, DatasetShard shard) => new() { IndexPath = db, Shard = shard, BatchSize = 4, DecodeThreads = 2 };
}
