using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class CeilModePoolRewriterTests
{
    [Theory]
    [InlineData("MaxPool", 7, 2, 2, 1, 1)]   // the last ceil window would start in the end padding: dropped
    [InlineData("MaxPool", 8, 3, 2, 0, 0)]   // a partial last window
    [InlineData("AveragePool", 7, 2, 2, 1, 1)]
    [InlineData("AveragePool", 9, 3, 2, 1, 0)]
    public void RewrittenPoolComputesTheCeilModeWindowsOfTheSpec(string op, int size, int kernel, int stride, int padBegin, int padEnd)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 2, size, size);
        b.Output(b.Node(op, [x], "pool").With("kernel_shape", new long[] { kernel, kernel }).With("strides", new long[] { stride, stride })
            .With("pads", new long[] { padBegin, padBegin, padEnd, padEnd }).With("ceil_mode", 1L).Outputs[0]);
        var rewritten = b.Build();
        var node = rewritten.Graph.Nodes.Single();
        Assert.Equal(0, node.Int("ceil_mode", -1));

        var original = rewritten.Clone();
        original.Graph.Nodes[0].With("ceil_mode", 1L).With("pads", new long[] { padBegin, padBegin, padEnd, padEnd });
        var input = RefTensor.FromFloats(TestModels.RandomNormal(new Random(size), 2 * size * size), 1, 2, size, size);
        var expected = ReferenceEvaluator.Run(original, new Dictionary<string, RefTensor> { ["x"] = input }, ["pool"])["pool"];
        var actual = OrtRunner.Run(rewritten, new Dictionary<string, RefTensor> { ["x"] = input }, ["pool"])["pool"];
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Shape, rewritten.Graph.ShapeOf("pool")!.ToLongs());
        // float32 ORT against the float64 reference: max/mean of a few values, 1e-5 absolute is ample.
        for (int i = 0; i < expected.Data.Length; i++) Assert.Equal(expected.Data[i], actual.Data[i], 5);
    }
}
