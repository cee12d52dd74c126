using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class CeilModePoolRewriterTests
{
    [Theory]
    [InlineData("MaxPool", 7, 2, 2, 1, 1, 0)]   // the last ceil window would start in the end padding: dropped
    [InlineData("MaxPool", 8, 3, 2, 0, 0, 0)]   // a partial last window
    [InlineData("AveragePool", 7, 2, 2, 1, 1, 0)]
    [InlineData("AveragePool", 9, 3, 2, 1, 0, 0)]
    [InlineData("AveragePool", 7, 2, 2, 1, 1, 1)]   // counts its padding, not the overhang: an explicit Pad
    [InlineData("AveragePool", 9, 3, 2, 1, 0, 1)]
    [InlineData("AveragePool", 6, 3, 2, 1, 1, 1)]
    public void RewrittenPoolComputesTheCeilModeWindowsOfTheSpec(string op, int size, int kernel, int stride, int padBegin, int padEnd, long includePad)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 2, size, size);
        var pool = b.Node(op, [x], "pool").With("kernel_shape", new long[] { kernel, kernel }).With("strides", new long[] { stride, stride })
            .With("pads", new long[] { padBegin, padBegin, padEnd, padEnd }).With("ceil_mode", 1L);
        if (includePad != 0) pool.With("count_include_pad", includePad);
        b.Output(pool.Outputs[0]);
        var rewritten = b.Build();
        var node = rewritten.Graph.Nodes.Single(n => n.OpType == op);
        Assert.Equal(0, node.Int("ceil_mode", -1));
        Assert.Equal(0, node.Int("count_include_pad", 0));
        Assert.Equal(includePad != 0 ? 2 : 1, rewritten.Graph.Nodes.Count);

        // The graph as written, for the reference evaluator (GraphBuilder.Build would rewrite it).
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(1, 2, size, size)));
        graph.Nodes.Add(new Node(op, ["x"], ["pool"], "pool").With("kernel_shape", new long[] { kernel, kernel })
            .With("strides", new long[] { stride, stride }).With("pads", new long[] { padBegin, padBegin, padEnd, padEnd }).With("ceil_mode", 1L)
            .With("count_include_pad", includePad));
        graph.Outputs.Add(new ValueInfo("pool", TensorElementType.Float, null));
        var original = new OnnxModel(graph, 17);
        var input = RefTensor.FromFloats(TestModels.RandomNormal(new Random(size), 2 * size * size), 1, 2, size, size);
        var expected = ReferenceEvaluator.Run(original, new Dictionary<string, RefTensor> { ["x"] = input }, ["pool"])["pool"];
        var actual = OrtRunner.Run(rewritten, new Dictionary<string, RefTensor> { ["x"] = input }, ["pool"])["pool"];
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Shape, rewritten.Graph.ShapeOf("pool")!.ToLongs());
        // float32 ORT against the float64 reference: max/mean of a few values, 1e-5 absolute is ample.
        for (int i = 0; i < expected.Data.Length; i++) Assert.Equal(expected.Data[i], actual.Data[i], 5);
    }

    [Fact]
    public void TwoIncludePadPoolsOfOneTensorGetPadsOfTheirOwn()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 2, 7, 7);
        foreach (var name in new[] { "p1", "p2" })
            b.Output(b.Node("AveragePool", [x], name).With("kernel_shape", new long[] { 2, 2 }).With("strides", new long[] { 2, 2 })
                .With("pads", new long[] { 1, 1, 1, 1 }).With("ceil_mode", 1L).With("count_include_pad", 1L).Outputs[0]);
        var model = b.Build();
        Assert.Equal(2, model.Graph.Nodes.Count(n => n.OpType == "Pad"));
        Assert.Equal(model.Graph.Nodes.Count, model.Graph.Nodes.SelectMany(n => n.Outputs).Distinct().Count());
        var input = RefTensor.FromFloats(TestModels.RandomNormal(new Random(2), 98), 1, 2, 7, 7);
        var outputs = OrtRunner.Run(model, new Dictionary<string, RefTensor> { ["x"] = input }, ["p1", "p2"]);
        Assert.Equal(outputs["p1"].Data, outputs["p2"].Data);
    }
}
