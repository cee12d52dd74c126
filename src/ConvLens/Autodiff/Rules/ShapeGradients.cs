using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of shape and layout operators, which move values without changing them: the gradient
/// is moved back. Flatten, Reshape, Squeeze and Unsqueeze reshape it to the input's run-time shape;
/// Transpose applies the inverse permutation; Concat splits it and Split concatenates it (zeros for
/// outputs that received none); Slice scatters it back into zeros (<see cref="SliceGradient"/>); a
/// constant Pad crops it with the negated pads.
/// </summary>
internal static class ShapeGradients
{
    public static IEnumerable<Node> Flatten(GradientContext c) => ReshapeBack(c);

    public static IEnumerable<Node> Reshape(GradientContext c) => ReshapeBack(c);

    public static IEnumerable<Node> Squeeze(GradientContext c) => ReshapeBack(c);

    public static IEnumerable<Node> Unsqueeze(GradientContext c) => ReshapeBack(c);

    public static IEnumerable<Node> Transpose(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var perm = c.Node.Ints("perm") ?? Enumerable.Range(0, c.InputShape(0).Rank).Reverse().Select(a => (long)a).ToArray();
        var inverse = new long[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        yield return c.Op("Transpose", [c.OutputGrad(0)!], [c.InputGrad(0)]).With("perm", inverse);
    }

    /// <summary>One Split of dY with the inputs' sizes along the axis: constants, or read from their shapes at run time.</summary>
    public static IEnumerable<Node> Concat(GradientContext c)
    {
        int count = c.Node.Inputs.Count;
        var outShape = c.OutputShape(0);
        long axis = c.Node.Int("axis", 0);
        if (axis < 0) axis += outShape.Rank;
        var sizes = Enumerable.Range(0, count).Select(i => c.InputShape(i)[(int)axis]).ToArray();
        string split;
        if (sizes.All(d => d.IsKnown)) split = c.Constant(sizes.Select(d => d.Value).ToArray());
        else
        {
            var parts = new List<string>();
            for (int i = 0; i < count; i++)
            {
                if (sizes[i].IsKnown) { parts.Add(c.Constant(sizes[i].Value)); continue; }
                var shape = c.Op("Shape", c.Input(i));
                var size = c.Op("Slice", shape.Outputs[0], c.Constant(axis), c.Constant(axis + 1), c.Constant(0L));
                yield return shape;
                yield return size;
                parts.Add(size.Outputs[0]);
            }
            var joined = c.Op("Concat", [.. parts]).With("axis", 0L);
            yield return joined;
            split = joined.Outputs[0];
        }
        var outputs = Enumerable.Range(0, count).Select(i => c.NeedsInputGrad(i) ? c.InputGrad(i) : c.Temp("unused")).ToArray();
        yield return c.Op("Split", [c.OutputGrad(0)!, split], outputs).With("axis", axis);
    }

    /// <summary>Concat of the outputs' gradients; an output that received none contributes zeros of its shape.</summary>
    public static IEnumerable<Node> Split(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        long axis = c.Node.Int("axis", 0);
        var pieces = new List<string>();
        for (int i = 0; i < c.Node.Outputs.Count; i++)
        {
            if (c.OutputGrad(i) is { } grad) { pieces.Add(grad); continue; }
            var zero = c.Temp("zeros");
            foreach (var node in PoolGradientForms.Zeros(c, c.Output(i), zero)) yield return node;
            pieces.Add(zero);
        }
        yield return c.Op("Concat", pieces, [c.InputGrad(0)]).With("axis", axis);
    }

    public static IEnumerable<Node> Slice(GradientContext c) => c.NeedsInputGrad(0) ? SliceGradient.Emit(c) : [];

    /// <summary>
    /// Constant mode only: the gradient of Pad(x, p) is Pad(dY, −p), which crops what was added (ONNX Pad
    /// crops where pads are negative) and restores zeros where the forward pad cropped.
    /// </summary>
    public static IEnumerable<Node> Pad(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        string mode = c.Node.String("mode", "constant");
        if (mode != "constant")
            throw new ConvLensException($"cannot differentiate {c.Node}: Pad mode '{mode}' has no gradient rule (only 'constant')");
        // Constant amounts (any opset form, axes input of opset 18 included) become one full-rank constant.
        if (OperatorForms.PadAmounts(c.Node, c.ConstantValue, c.ShapeOf(c.Input(0))?.Rank) is { } amounts)
        {
            yield return c.Op("Pad", [c.OutputGrad(0)!, c.Constant(amounts.ToOnnxPads().Select(p => -p).ToArray())], [c.InputGrad(0)]).With("mode", "constant");
            yield break;
        }
        var neg = c.Op("Neg", c.Input(1));
        yield return neg;
        // Keep the forward's axes input (opset 18 and later), which says which axes the pads refer to.
        List<string> inputs = c.Node.HasInput(3) ? [c.OutputGrad(0)!, neg.Outputs[0], "", c.Input(3)] : [c.OutputGrad(0)!, neg.Outputs[0]];
        yield return c.Op("Pad", inputs, [c.InputGrad(0)]).With("mode", "constant");
    }

    private static IEnumerable<Node> ReshapeBack(GradientContext c) =>
        c.NeedsInputGrad(0) ? c.ReshapeLike(c.OutputGrad(0)!, c.Input(0), c.InputGrad(0)) : [];
}
