namespace ConvLens.Graph;

/// <summary>
/// One reader for each operator parameter that ONNX moved between attributes and inputs, or gave a new
/// spelling, across opsets 7–21: the axes of Reduce* (attribute, or input from ReduceSum-13 and every
/// Reduce*-18), Split's sizes (attribute before 13, input from 13, <c>num_outputs</c> from 18) and Pad's
/// amounts (attribute before 11, input from 11, restricted to an <c>axes</c> input from 18). Every pass
/// (folding, circuit tracing, gradient rules) reads these parameters here, so each meets one form.
/// </summary>
/// <remarks>
/// The graph is not rewritten into a single form because no single form exists from 13 to 21: Reduce*-18
/// has no axes attribute, and Reduce*-13–17 (other than ReduceSum) no axes input; a model is run at its own
/// opset, so reading both places is the only way to keep what the exporter wrote and what ConvLens reads equal.
/// </remarks>
public static class OperatorForms
{
    /// <summary>The axes reduced by Reduce* <paramref name="node"/>, from the <c>axes</c> input (a constant of <paramref name="graph"/>) or attribute.</summary>
    public static ReductionAxes ReduceAxes(Node node, OnnxGraph graph) => ReduceAxes(node, graph.Initializers.GetValueOrDefault);

    /// <summary>The axes reduced by Reduce* <paramref name="node"/>; <paramref name="constantOf"/> gives a value's constant, or null when it is computed.</summary>
    public static ReductionAxes ReduceAxes(Node node, Func<string, ConstTensor?> constantOf)
    {
        bool noop = node.Int("noop_with_empty_axes", 0) != 0;
        // An axes input that is present wins; an empty one means "none given", as an absent one does.
        if (node.HasInput(1)) return new ReductionAxes(constantOf(node.Inputs[1])?.ToInt64s(), noop);
        return new ReductionAxes(node.Ints("axes") ?? [], noop);
    }

    /// <summary>The size of each output of Split <paramref name="node"/> along its axis, or null when it depends on run-time values or unknown dimensions.</summary>
    /// <exception cref="ConvLensException">The axis is outside the input's rank or the number of parts is not positive.</exception>
    public static long[]? SplitSizes(Node node, OnnxGraph graph) =>
        SplitSizes(node, graph.Initializers.GetValueOrDefault, graph.Initializers.TryGetValue(node.InputOrEmpty(0), out var t) ? t.Shape : graph.ShapeOf(node.InputOrEmpty(0)));

    /// <summary>The size of each output of Split <paramref name="node"/>, given its input's shape (null when unknown).</summary>
    /// <exception cref="ConvLensException">The axis is outside the input's rank or the number of parts is not positive.</exception>
    public static long[]? SplitSizes(Node node, Func<string, ConstTensor?> constantOf, TensorShape? inputShape)
    {
        if (node.HasInput(1)) return constantOf(node.Inputs[1])?.ToInt64s();
        if (node.Ints("split") is { } listed) return listed;
        // Equal parts: as many as outputs (before 18) or num_outputs (18), the last one smaller when the
        // size does not divide (18; earlier opsets require it to divide, where both rules agree).
        long parts = node.Int("num_outputs", node.Outputs.Count);
        if (parts < 1) throw new ConvLensException($"{node} splits into {parts} parts; expected at least one");
        if (inputShape is null) return null;
        long axis = node.Int("axis", 0);
        if (axis < -inputShape.Rank || axis >= inputShape.Rank)
            throw new ConvLensException($"{node} splits along axis {axis}, outside the rank {inputShape.Rank} of '{node.InputOrEmpty(0)}'");
        var dim = inputShape[(int)axis];
        if (!dim.IsKnown) return null;
        long chunk = (dim.Value + parts - 1) / parts;
        return Enumerable.Range(0, (int)parts).Select(i => Math.Clamp(dim.Value - i * chunk, 0, chunk)).ToArray();
    }

    /// <summary>Pad <paramref name="node"/>'s amounts for every axis, or null when they are computed or the input's rank is unknown.</summary>
    /// <exception cref="ConvLensException">The pads do not match the axes (two per axis) or an axis is outside the rank.</exception>
    public static PadAmounts? PadAmounts(Node node, OnnxGraph graph) =>
        PadAmounts(node, graph.Initializers.GetValueOrDefault, graph.ShapeOf(node.InputOrEmpty(0))?.Rank);

    /// <summary>Pad <paramref name="node"/>'s amounts for every axis of its rank-<paramref name="rank"/> input (null when unknown).</summary>
    /// <exception cref="ConvLensException">The pads do not match the axes (two per axis) or an axis is outside the rank.</exception>
    public static PadAmounts? PadAmounts(Node node, Func<string, ConstTensor?> constantOf, int? rank)
    {
        var pads = node.HasInput(1) ? constantOf(node.Inputs[1])?.ToInt64s() : node.Ints("pads");
        if (pads is null) return null;
        long[]? axes = null;
        if (node.HasInput(3))
        {
            axes = constantOf(node.Inputs[3])?.ToInt64s();
            if (axes is null || rank is null) return null;
        }
        // Without axes the pads cover every axis, so they give the rank themselves.
        int r = rank ?? pads.Length / 2;
        axes ??= Enumerable.Range(0, r).Select(a => (long)a).ToArray();
        if (pads.Length != 2 * axes.Length)
            throw new ConvLensException($"{node} has {pads.Length} pads for {axes.Length} axes of '{node.InputOrEmpty(0)}'; expected two per axis (all begins, then all ends)");
        var begin = new long[r];
        var end = new long[r];
        var seen = new HashSet<long>();
        for (int i = 0; i < axes.Length; i++)
        {
            long axis = axes[i] < 0 ? axes[i] + r : axes[i];
            if (axis < 0 || axis >= r || !seen.Add(axis))
                throw new ConvLensException($"{node} pads axes [{string.Join(", ", axes)}], which are not distinct axes of its rank-{r} input '{node.InputOrEmpty(0)}'");
            begin[axis] = pads[i];
            end[axis] = pads[i + axes.Length];
        }
        return new PadAmounts(begin, end);
    }
}
