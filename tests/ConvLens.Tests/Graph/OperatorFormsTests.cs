using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// <see cref="OperatorForms"/> reads the same parameters from every opset form. Expected values are
/// written from the ONNX operator specs; where a form runs in ONNX Runtime, the runtime's output shape
/// confirms them too.
/// </summary>
public class OperatorFormsTests
{
    [Theory]
    [InlineData(11, false)] // ReduceMean-11: axes attribute
    [InlineData(17, false)] // ReduceMean-13..17: still an attribute
    [InlineData(18, true)]  // ReduceMean-18: axes input
    public void ReduceMean_axes_are_read_from_the_attribute_or_the_input(int opset, bool asInput)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 2, 3, 4, 5);
        var node = asInput
            ? b.Node("ReduceMean", [x, b.Ints("axes", -1, 1)], "r")
            : b.Node("ReduceMean", [x], "r").With("axes", [-1L, 1]);
        node.With("keepdims", 0L);
        b.Output("r");
        var model = b.Build();

        var axes = OperatorForms.ReduceAxes(node, model.Graph);
        Assert.Equal([-1L, 1], axes.Listed!);
        Assert.Equal([1, 3], axes.Resolve(4, node)!);
        // The runtime agrees: axes 1 and 3 of (2, 3, 4, 5) are gone.
        Assert.Equal(TensorShape.Of(2, 4), model.Graph.ShapeOf("r"));
    }

    [Fact]
    public void Reduce_without_axes_reduces_every_axis_unless_noop_with_empty_axes()
    {
        var all = new Node("ReduceMax", ["x"], ["y"], "all");
        var noop = new Node("ReduceMax", ["x", ""], ["y"], "noop").With("noop_with_empty_axes", 1L);
        var graph = new OnnxGraph();

        Assert.Equal([0, 1, 2], OperatorForms.ReduceAxes(all, graph).Resolve(3, all)!);
        Assert.False(OperatorForms.ReduceAxes(all, graph).IsIdentity);
        Assert.True(OperatorForms.ReduceAxes(noop, graph).IsIdentity);
        Assert.Equal([], OperatorForms.ReduceAxes(noop, graph).Resolve(3, noop)!);
    }

    [Fact]
    public void Reduce_axes_computed_at_run_time_are_reported_as_such()
    {
        var node = new Node("ReduceSum", ["x", "computed_axes"], ["y"], "sum");
        var axes = OperatorForms.ReduceAxes(node, new OnnxGraph());
        Assert.True(axes.IsComputed);
        Assert.Null(axes.Resolve(4, node));
    }

    [Fact]
    public void Reduce_axes_outside_the_rank_name_the_node()
    {
        var node = new Node("ReduceL2", ["x"], ["y"], "l2").With("axes", [4L]);
        var e = Assert.Throws<ConvLensException>(() => OperatorForms.ReduceAxes(node, new OnnxGraph()).Resolve(4, node));
        Assert.Contains("'l2'", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Theory]
    [InlineData(11, 7, new long[] { 3, 4 })]     // split attribute
    [InlineData(13, 7, new long[] { 3, 4 })]     // split input
    [InlineData(13, 6, new long[] { 3, 3 })]     // equal parts, one per output
    [InlineData(18, 7, new long[] { 4, 3 })]     // num_outputs: ceil(7 / 2) = 4, the last part smaller
    [InlineData(18, 10, new long[] { 4, 4, 2 })] // num_outputs 3 of 10
    public void Split_sizes_are_read_from_every_form(int opset, long size, long[] expected)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 2, size);
        string[] outputs = Enumerable.Range(0, expected.Length).Select(i => $"s{i}").ToArray();
        bool listed = opset < 18 && expected.Distinct().Count() > 1;
        var node = opset >= 13 && listed ? b.Node("Split", [x, b.Ints("sizes", expected)], outputs, "split") : b.Node("Split", [x], outputs, "split");
        node.With("axis", -1L);
        if (opset < 13 && listed) node.With("split", expected);
        if (opset >= 18) node.With("num_outputs", (long)expected.Length);
        foreach (var o in outputs) b.Output(o);
        var model = b.Build();

        Assert.Equal(expected, OperatorForms.SplitSizes(node, model.Graph));
        // The runtime's inferred shapes say the same.
        Assert.Equal(expected, outputs.Select(o => model.Graph.ShapeOf(o)![1].Value));
    }

    [Fact]
    public void Split_sizes_of_an_unknown_dimension_are_unknown()
    {
        var node = new Node("Split", ["x"], ["a", "b"], "split").With("axis", 0L).With("num_outputs", 2L);
        Assert.Null(OperatorForms.SplitSizes(node, name => null, new TensorShape([Dim.Sym("N"), Dim.Of(3)])));
    }

    [Theory]
    [InlineData(10)] // pads attribute
    [InlineData(13)] // pads input over every axis
    [InlineData(18)] // pads input over the axes input (negative axes count from the end)
    public void Pad_amounts_cover_every_axis_whatever_the_form(int opset)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 1, 2, 4, 5);
        var node = opset switch
        {
            < 11 => b.Node("Pad", [x], "p").With("pads", [0L, 0, 1, 2, 0, 0, 3, 4]),
            < 18 => b.Node("Pad", [x, b.Ints("pads", 0, 0, 1, 2, 0, 0, 3, 4)], "p"),
            _ => b.Node("Pad", [x, b.Ints("pads", 1, 2, 3, 4), "", b.Ints("axes", -2, 3)], "p"),
        };
        b.Output("p");
        var model = b.Build();

        var pads = OperatorForms.PadAmounts(node, model.Graph)!;
        Assert.Equal([0L, 0, 1, 2], pads.Begin);
        Assert.Equal([0L, 0, 3, 4], pads.End);
        Assert.True(pads.Keeps(1));
        Assert.Equal(TensorShape.Of(1, 2, 8, 11), model.Graph.ShapeOf("p"));
    }

    [Fact]
    public void Pad_amounts_that_do_not_match_the_axes_name_the_node()
    {
        var graph = new OnnxGraph();
        graph.Initializers["pads"] = ConstTensor.Vector(1, 2, 3);
        graph.Initializers["axes"] = ConstTensor.Vector(2, 3);
        var node = new Node("Pad", ["x", "pads", "", "axes"], ["y"], "pad7");
        var e = Assert.Throws<ConvLensException>(() => OperatorForms.PadAmounts(node, graph.Initializers.GetValueOrDefault, 4));
        Assert.Contains("'pad7'", e.Message);
        Assert.Contains("3 pads for 2 axes", e.Message);
    }

    [Fact]
    public void Pad_amounts_computed_at_run_time_are_unknown()
    {
        var node = new Node("Pad", ["x", "computed_pads"], ["y"], "pad");
        Assert.Null(OperatorForms.PadAmounts(node, new OnnxGraph()));
    }
}
