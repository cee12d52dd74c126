using ConvLens.Attribution;
using ConvLens.Attribution.Targets;
using ConvLens.Graph;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Attribution;

/// <summary>The batch size bounds memory; it must not change what multi-pass methods compute.</summary>
public sealed class BatchingTests
{
    private const int Seed = 8;

    [Theory]
    [InlineData("scorecam")]
    [InlineData("smoothgrad")]
    [InlineData("ig")]
    public void EveryBatchSizeGivesTheSameMap(string name)
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var target = ClassTarget.For(network, 1);
        AttributionMap Run(int batch) => AttributionMethods.Create(name, new AttributionOptions { BatchSize = batch, Samples = 7, Steps = 9 }).Explain(network, image, target);
        var one = Run(1);
        foreach (var batch in new[] { 4, 32 })
        {
            var other = Run(batch);
            float scale = one.Values.Max();
            // ORT may choose other kernels per batch size: float rounding, 1e-5 of the largest value.
            for (int p = 0; p < one.Values.Length; p++)
                Assert.True(Math.Abs(one.Values[p] - other.Values[p]) <= 1e-5 * scale, $"{name}, batch {batch}, value {p}: {one.Values[p]} vs {other.Values[p]}");
        }
    }

    [Fact]
    public void ANetworkWithAFixedBatchRunsFullBatchesOnly()
    {
        // The Reshape to (1, 8) hard-codes batch 1, so the network only runs batch 1 whatever is asked.
        var b = new GraphBuilder();
        var x = b.Input("image", 1, 3, 4, 4);
        var w = Enumerable.Range(0, 2 * 3 * 3 * 3).Select(i => (float)Math.Sin(i + 1)).ToArray();
        var conv = b.Node("Relu", [b.Node("Conv", [x, b.Weight("w", w, 2, 3, 3, 3)], "conv").With("pads", [1L, 1, 1, 1]).Outputs[0]], "relu").Outputs[0];
        var pooled = b.Node("MaxPool", [conv], "pool").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).Outputs[0];
        b.Output(b.Node("Reshape", [pooled, b.Ints("shape", 1, 8)], "flat").Outputs[0]);
        using var network = Network.FromModel(b.Build());
        Assert.True(network.FixedBatch);
        var image = new FloatTensor(Enumerable.Range(0, 48).Select(i => (float)(i % 7)).ToArray(), 1, 3, 4, 4);
        var map = AttributionMethods.Create("ig", new AttributionOptions { BatchSize = 5, Steps = 11 }).Explain(network, image, new ChannelTarget("flat", 3));
        Assert.Equal(48, map.InputAttributions!.Length);
        Assert.True(map.Completeness!.RelativeError < 0.05, $"completeness {map.Completeness}");
    }
}
