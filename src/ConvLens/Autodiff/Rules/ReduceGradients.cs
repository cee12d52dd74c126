using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of ReduceSum and ReduceMean: dy is expanded back to the input's shape (after an
/// Unsqueeze of the reduced axes when keepdims = 0), and divided by the number of elements averaged
/// for ReduceMean — a constant when the reduced dimensions are static, computed at run time otherwise.
/// </summary>
internal static class ReduceGradients
{
    /// <summary>dx = dy broadcast back over the reduced axes.</summary>
    public static IEnumerable<Node> ReduceSum(GradientContext c) => Expand(c, c.OutputGrad(0)!);

    /// <summary>dx = dy / count, broadcast back over the reduced axes.</summary>
    public static IEnumerable<Node> ReduceMean(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        var axes = ReducedAxes(c, out bool runtimeAxes);
        if (axes is [] && c.Node.Int("noop_with_empty_axes", 0) != 0)
        {
            yield return c.Op("Identity", [dy], [c.InputGrad(0)]);
            yield break;
        }
        var input = c.InputShape(0);
        var reducedDims = runtimeAxes ? null : (axes is [] ? input.Dims : axes!.Select(a => input[(int)a]).ToList());
        string count;
        if (reducedDims is not null && reducedDims.All(d => d.IsKnown))
            count = c.Constant((float)reducedDims.Aggregate(1L, (n, d) => n * d.Value));
        else
        {
            // A symbolic reduced dimension: the count is size(x) / size(y), whatever the axes and keepdims.
            var inputSize = c.Op("Size", c.Input(0));
            yield return inputSize;
            var outputSize = c.Op("Size", c.Output(0));
            yield return outputSize;
            var ratio = c.Op("Div", inputSize.Outputs[0], outputSize.Outputs[0]);
            yield return ratio;
            var cast = c.Op("Cast", ratio.Outputs[0]).With("to", (long)TensorElementType.Float);
            yield return cast;
            count = cast.Outputs[0];
        }
        // Dividing before expanding touches only the reduced tensor.
        var mean = c.Op("Div", dy, count);
        yield return mean;
        foreach (var node in Expand(c, mean.Outputs[0])) yield return node;
    }

    /// <summary>Writes <paramref name="dy"/> (in the reduced output's shape) broadcast back to the input's shape.</summary>
    private static IEnumerable<Node> Expand(GradientContext c, string dy)
    {
        var (broadcastable, nodes) = Broadcastable(c, dy);
        foreach (var node in nodes) yield return node;
        if (IsNoop(c))
        {
            yield return c.Op("Identity", [broadcastable], [c.InputGrad(0)]);
            yield break;
        }
        var shape = c.ShapeOf(c.Input(0)) is { IsFullyKnown: true } known ? c.Constant(known.ToLongs()) : null;
        if (shape is null)
        {
            var runtimeShape = c.Op("Shape", c.Input(0));
            yield return runtimeShape;
            shape = runtimeShape.Outputs[0];
        }
        yield return c.Op("Expand", [broadcastable, shape], [c.InputGrad(0)]);
    }

    /// <summary>
    /// <paramref name="reduced"/> (a value in the reduced output's shape: dy, y) in a form that broadcasts
    /// against the input: with keepdims the reduced axes are there with size 1, and reducing every axis
    /// leaves a scalar, so only keepdims = 0 over some axes needs an Unsqueeze of them.
    /// </summary>
    /// <exception cref="ConvLensException">keepdims = 0 with axes computed at run time.</exception>
    internal static (string Value, List<Node> Nodes) Broadcastable(GradientContext c, string reduced)
    {
        var axes = ReducedAxes(c, out bool runtimeAxes);
        if (c.Node.Int("keepdims", 1) != 0 || axes is []) return (reduced, []);
        if (runtimeAxes)
            throw new ConvLensException($"cannot differentiate {c.Node}: with keepdims = 0 its axes must be a constant, not the computed value '{c.Input(1)}'");
        var unsqueeze = c.Unsqueeze(reduced, axes!, c.Temp("unsqueezed"));
        return (unsqueeze.Outputs[0], [unsqueeze]);
    }

    /// <summary>
    /// <paramref name="op"/> (ReduceSum, ReduceProd, …) of <paramref name="input"/> over the node's own
    /// axes with keepdims = 1, so the result broadcasts against the input: the axes as an input (always for
    /// ReduceSum, from opset 18 for the others; a run-time axes input passed on as is) or an attribute.
    /// </summary>
    internal static Node KeptReduction(GradientContext c, string op, string input)
    {
        var axes = ReducedAxes(c, out bool runtime);
        var node = runtime ? c.Op(op, input, c.Input(1))
            : op == "ReduceSum" || c.Opset >= 18 ? c.Op(op, input, c.Constant(axes!))
            : axes is [] ? c.Op(op, input)
            : c.Op(op, input).With("axes", axes!);
        node.With("keepdims", 1L);
        if (c.Node.Int("noop_with_empty_axes", 0) != 0) node.With("noop_with_empty_axes", 1L);
        return node;
    }

    /// <summary>Whether the node reduces nothing: no axes given and noop_with_empty_axes set.</summary>
    internal static bool IsNoop(GradientContext c) => ReducedAxes(c, out _) is [] && c.Node.Int("noop_with_empty_axes", 0) != 0;

    /// <summary>
    /// The reduced axes as <see cref="OperatorForms.ReduceAxes(Node, Func{string, ConstTensor})"/> reads them (input 1 or the
    /// <c>axes</c> attribute); empty when none are given. Null with <paramref name="runtime"/> set when they are computed at run time.
    /// </summary>
    internal static long[]? ReducedAxes(GradientContext c, out bool runtime)
    {
        var axes = OperatorForms.ReduceAxes(c.Node, c.ConstantValue);
        runtime = axes.IsComputed;
        return axes.Listed;
    }
}
