using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary><see cref="ShapeInference"/>: what the runtime's inference knows, and no more.</summary>
public class ShapeInferenceTests
{
    [Fact]
    public void Reshape_to_a_computed_shape_has_an_unknown_rank_and_a_gathered_dimension_stays_a_scalar()
    {
        var model = ComputedReshape();
        var graph = model.Graph;

        // The runtime cannot infer the rank of a Reshape whose target is computed (an exported channel shuffle).
        Assert.Null(graph.ShapeOf("y"));
        Assert.Null(graph.ShapeOf("r"));
        Assert.Equal(0, graph.ShapeOf("batch")!.Rank);
        Assert.Equal(new TensorShape([Dim.Sym("N"), Dim.Of(4), Dim.Of(2), Dim.Of(2)]), graph.ShapeOf("x2"));
    }

    /// <summary>x (N, 4, 2, 2) → Relu → Reshape to [2, Gather(Shape(x), 0), -1] → Relu r: the batch is a scalar.</summary>
    internal static OnnxModel ComputedReshape()
    {
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", Dim.Sym("N"), 4, 2, 2);
        b.Node("Relu", [x], "x2");
        b.Node("Shape", ["x2"], "shape");
        b.Node("Gather", ["shape", b.Initializer("zero", ConstTensor.FromInt64s([0]))], "batch").With("axis", 0L);
        b.Node("Unsqueeze", ["batch", b.Ints("axes0", 0)], "batch1");
        // The batch lands where the data has 4 channels: no constant target can say "copy it" (Reshape's 0).
        b.Node("Concat", [b.Ints("two", 2), "batch1", b.Ints("rest", -1)], "target").With("axis", 0L);
        b.Node("Reshape", ["x2", "target"], "y");
        b.Node("Relu", ["y"], "r");
        b.Output("r");
        return b.Build();
    }
}
