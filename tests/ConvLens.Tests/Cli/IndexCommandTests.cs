using System.Text.Json;
using ConvLens.Dataset;
using Xunit;

namespace ConvLens.Tests.Cli;

public sealed class IndexCommandTests
{
    [Fact]
    public void IndexThenTopImagesAnswersFromTheIndex()
    {
        var (folder, model, db) = TopImagesCommandTests.Setup();

        var (code, output) = CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", db, "--json");

        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal((7, 7, 4, 1000), (json.RootElement.GetProperty("files").GetInt32(), json.RootElement.GetProperty("computed").GetInt32(),
                json.RootElement.GetProperty("channels").GetInt32(), json.RootElement.GetProperty("classes").GetInt32()));
        }
        var (code2, output2) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "2", "--dataset", folder.Root, "--db", db, "--json");
        Assert.Equal(0, code2);
        using var second = JsonDocument.Parse(output2);
        Assert.Equal(0, second.RootElement.GetProperty("computed").GetInt32());

        var (code3, text) = CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", db);
        Assert.Equal(0, code3);
        Assert.Contains("0 computed", text);
        Assert.Contains("7 already indexed", text);
    }

    [Fact]
    public void ShardsMergedOnTheCommandLineEqualOneIndex()
    {
        var (folder, model, db) = TopImagesCommandTests.Setup();
        var shards = new List<string>();
        int files = 0;
        for (int i = 0; i < 3; i++)
        {
            var shard = db.Replace(".db", $"-{i}.db");
            var (code, output) = CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", shard, "--shard", $"{i}/3", "--json");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output);
            Assert.Equal($"{i}/3", json.RootElement.GetProperty("shard").GetString());
            files += json.RootElement.GetProperty("files").GetInt32();
            shards.Add(shard);
        }
        Assert.Equal(7, files);
        Assert.Equal(0, CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", db).ExitCode);

        var merged = db.Replace(".db", "-merged.db");
        var (mergeCode, mergeOutput) = CliRunner.Run(["index", "merge", .. shards, "-o", merged, "--json"]);

        Assert.Equal(0, mergeCode);
        using (var json = JsonDocument.Parse(mergeOutput))
            Assert.Equal((1, 7, 0), (json.RootElement.GetProperty("contexts").GetInt32(), json.RootElement.GetProperty("images").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32()));
        using var single = ActivationIndex.Open(db);
        using var combined = ActivationIndex.Open(merged);
        var context = single.Contexts().Single();
        Dataset.ShardMergeTests.AssertSameImages(single.Images(context), combined.Images(context));
    }

    [Fact]
    public void NoClassesSkipsTheClassifierAndALaterRunWithClassesComputesThem()
    {
        var (folder, model, db) = TopImagesCommandTests.Setup();

        var (code, output) = CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", db, "--no-classes", "--json");
        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal((7, 0), (json.RootElement.GetProperty("computed").GetInt32(), json.RootElement.GetProperty("classes").GetInt32()));
        var (code2, output2) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--db", db, "--no-classes", "--json");
        Assert.Equal(0, code2);
        using (var json = JsonDocument.Parse(output2))
        {
            Assert.Equal(0, json.RootElement.GetProperty("computed").GetInt32());
            Assert.False(json.RootElement.GetProperty("images")[0].TryGetProperty("predicted", out _));
        }

        // The index has no classes yet: a query that wants them runs the model once more.
        var (code3, output3) = CliRunner.Run("top-images", "--model", model, "--layer", "edges", "--channel", "0", "--dataset", folder.Root, "--db", db, "--json");
        Assert.Equal(0, code3);
        using var third = JsonDocument.Parse(output3);
        Assert.Equal(7, third.RootElement.GetProperty("computed").GetInt32());
        Assert.Equal("tabby", third.RootElement.GetProperty("images")[0].GetProperty("predicted").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("--shard", "3/3", "--shard")]
    [InlineData("--shard", "x", "--shard")]
    [InlineData("--batch", "0", "--batch")]
    [InlineData("--decode-threads", "0", "--decode-threads")]
    [InlineData("--resize", "squash", "--resize")]
    public void BadOptionsExitWithCodeTwo(string option, string value, string expected)
    {
        var (folder, model, db) = TopImagesCommandTests.Setup();
        var (code, output) = CliRunner.Run("index", "--model", model, "--layer", "edges", "--dataset", folder.Root, "--db", db, option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void MergeNeedsAnOutputAndExistingInputs()
    {
        var scratch = TestFiles.TempFolder();
        Assert.Equal(2, CliRunner.Run("index", "merge", Path.Combine(scratch, "a.db")).ExitCode);
        var (code, output) = CliRunner.Run("index", "merge", Path.Combine(scratch, "a.db"), "-o", Path.Combine(scratch, "m.db"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);
    }
}
