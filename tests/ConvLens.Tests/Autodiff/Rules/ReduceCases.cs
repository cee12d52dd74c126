using ConvLens.Graph;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>The reduction cases shared by the reduction rule tests: each axes form, keepdims, the no-op.</summary>
internal static class ReduceCases
{
    /// <summary>(op, opset, axes ("-" = none given), keepdims, noop_with_empty_axes) for each of <paramref name="ops"/>.</summary>
    public static Xunit.TheoryData<string, long, string, long, long> For(params string[] ops)
    {
        var data = new Xunit.TheoryData<string, long, string, long, long>();
        // Axes are an attribute at opset 13 and an input from 18. Axis 0 is the symbolic batch.
        foreach (var op in ops)
            foreach (var opset in new long[] { 13, 18 })
            {
                foreach (var keep in new long[] { 1, 0 })
                    foreach (var axes in new[] { "1", "1,3", "-1", "0,2", "-" })
                        data.Add(op, opset, axes, keep, 0);
                // noop_with_empty_axes came with axes as an input.
                if (opset >= 18) data.Add(op, opset, "-", 1, 1);
            }
        return data;
    }

    /// <summary>x [N, 3, 4, 5] through one reduction node "y".</summary>
    public static OnnxModel Build(string op, long opset, string axes, long keepDims, long noopWithEmptyAxes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        long[]? axisList = axes == "-" ? null : axes.Split(',').Select(long.Parse).ToArray();
        bool axesAsInput = opset >= 18;
        var inputs = axesAsInput && axisList is not null ? new[] { x, b.Ints("axes", axisList) } : [x];
        var node = b.Node(op, inputs, "y").With("keepdims", keepDims);
        if (!axesAsInput && axisList is not null) node.With("axes", axisList);
        if (noopWithEmptyAxes != 0) node.With("noop_with_empty_axes", noopWithEmptyAxes);
        b.Output(node.Outputs[0]);
        return b.Build();
    }
}
