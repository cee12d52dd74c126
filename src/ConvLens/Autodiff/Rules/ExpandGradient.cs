using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The gradient of Expand. It is not registered as broadcasting: the differentiator's un-broadcast needs
/// static or same-named sizes, while exporters (PyTorch's <c>expand(-1, ...)</c> under a dynamic batch)
/// compute the target shape at run time, leaving sizes ONNX Runtime cannot name.
/// </summary>
internal static class ExpandGradient
{
    /// <summary>
    /// dY summed back to the input's shape: over new leading axes and axes where the input has size 1. An
    /// input axis of unknown size (a shape computed at run time, a batch axis ONNX Runtime left unnamed) may
    /// have been broadcast or not: there the sum is taken at run time and kept only when the sizes differ.
    /// </summary>
    public static IEnumerable<Node> Emit(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var inShape = c.InputShape(0);
        var outShape = c.OutputShape(0);
        int lead = outShape.Rank - inShape.Rank;
        var sure = new List<long>();
        var unsure = new List<int>();
        for (int a = 0; a < outShape.Rank; a++)
        {
            if (a < lead) { sure.Add(a); continue; }
            Dim inDim = inShape[a - lead], outDim = outShape[a];
            if (inDim.SameAs(outDim) || inDim.IsKnown && inDim.Value != 1) continue;
            if (inDim.IsKnown) sure.Add(a);
            else unsure.Add(a);
        }
        string current = c.OutputGrad(0)!;
        if (sure.Count > 0)
        {
            var summed = c.ReduceSum(current, [.. sure], true, c.Temp("summed"));
            yield return summed;
            current = summed.Outputs[0];
        }
        if (unsure.Count > 0)
        {
            var inputSizes = c.Op("Shape", c.Input(0));
            var gradSizes = c.Op("Shape", current);
            yield return inputSizes;
            yield return gradSizes;
            foreach (int a in unsure)
            {
                var inSize = c.Op("Slice", inputSizes.Outputs[0], c.Constant((long)(a - lead)), c.Constant((long)(a - lead + 1)), c.Constant(0L));
                var gradSize = c.Op("Slice", gradSizes.Outputs[0], c.Constant((long)a), c.Constant((long)a + 1), c.Constant(0L));
                var same = c.Op("Equal", inSize.Outputs[0], gradSize.Outputs[0]);
                var reduced = c.ReduceSum(current, [a], true, c.Temp("reduced"));
                // Where spreads the one summed row over the axis; the Slice keeps the input's length of the choice.
                var chosen = c.Op("Where", same.Outputs[0], current, reduced.Outputs[0]);
                var cut = c.Op("Slice", chosen.Outputs[0], c.Constant(0L), inSize.Outputs[0], c.Constant((long)a));
                foreach (var node in new[] { inSize, gradSize, same, reduced, chosen, cut }) yield return node;
                current = cut.Outputs[0];
            }
        }
        if (lead > 0) foreach (var node in c.ReshapeLike(current, c.Input(0), c.InputGrad(0))) yield return node;
        else yield return c.Op("Identity", [current], [c.InputGrad(0)]);
    }
}
