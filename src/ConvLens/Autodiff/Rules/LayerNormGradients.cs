using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the normalizations that compute their statistics from the input itself:
/// LayerNormalization, InstanceNormalization and GroupNormalization, with respect to the data input.
/// All three are y = scale·x̂ + B with x̂ = (x − μ)/σ over some axes, whose gradient is
/// dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy·scale, means over the normalized axes.
/// Scale and B get no gradient: they are initializers in CNNs; asking for one is refused.
/// </summary>
internal static class LayerNormGradients
{
    /// <summary>
    /// Normalized axes are <c>axis</c> (default −1, may be negative) to the last. μ and 1/σ come from the
    /// node's optional Mean and InvStdDev outputs when it has them, else they are recomputed.
    /// </summary>
    public static IEnumerable<Node> LayerNormalization(GradientContext c)
    {
        // Mean and InvStdDev are statistics for training graphs; nothing in an inference graph reads them.
        for (int i = 1; i <= 2; i++)
            if (c.OutputGrad(i) is not null)
                throw new ConvLensException($"cannot differentiate {c.Node} through its statistics output '{c.Output(i)}': only the normalized output Y carries a gradient");
        RefuseAffineGradients(c, "Scale", "B");
        if (!c.NeedsInputGrad(0)) yield break;

        int rank = c.InputShape(0).Rank;
        long axis = c.Node.Int("axis", -1);
        if (axis < -rank || axis >= rank)
            throw new ConvLensException($"{c.Node}: axis {axis} is outside the input's {rank} axes");
        if (axis < 0) axis += rank;
        var axes = Enumerable.Range((int)axis, rank - (int)axis).Select(a => (long)a).ToArray();
        // Scale is aligned with the last axes, as numpy broadcasting aligns it.
        var dxHat = c.Op("Mul", c.OutputGrad(0)!, c.Input(1));
        yield return dxHat;
        string? mean = OptionalOutput(c, 1), invStd = OptionalOutput(c, 2);
        foreach (var node in NormalizedGradient(c, c.Input(0), axes, dxHat.Outputs[0], mean, invStd, c.InputGrad(0))) yield return node;
    }

    /// <summary>Each (n, c) plane is normalized; scale is per channel.</summary>
    public static IEnumerable<Node> InstanceNormalization(GradientContext c)
    {
        RefuseAffineGradients(c, "scale", "B");
        if (!c.NeedsInputGrad(0)) yield break;
        int rank = c.InputShape(0).Rank;
        var (scale, scaleNodes) = PerChannel(c, c.Input(1), rank);
        foreach (var node in scaleNodes) yield return node;
        var dxHat = c.Op("Mul", c.OutputGrad(0)!, scale);
        yield return dxHat;
        var axes = Enumerable.Range(2, rank - 2).Select(a => (long)a).ToArray();
        foreach (var node in NormalizedGradient(c, c.Input(0), axes, dxHat.Outputs[0], null, null, c.InputGrad(0))) yield return node;
    }

    /// <summary>
    /// The channels split into num_groups consecutive groups, each normalized as one: x is seen as
    /// [N, G, rest] and normalized over the last axis. Scale is per group before opset 21 and per channel
    /// from 21 (both are what ONNX Runtime runs at those opsets).
    /// </summary>
    public static IEnumerable<Node> GroupNormalization(GradientContext c)
    {
        RefuseAffineGradients(c, "scale", "bias");
        if (!c.NeedsInputGrad(0)) yield break;
        if (!c.Node.Attributes.ContainsKey("num_groups"))
            throw new ConvLensException($"{c.Node} has no 'num_groups' attribute, which ONNX requires of GroupNormalization");
        long groups = c.Node.Int("num_groups", 1);
        int rank = c.InputShape(0).Rank;
        var grouped = c.Constant(0L, groups, -1L);
        string dxHat;
        if (c.Opset >= 21)
        {
            var (scale, scaleNodes) = PerChannel(c, c.Input(1), rank);
            foreach (var node in scaleNodes) yield return node;
            var scaled = c.Op("Mul", c.OutputGrad(0)!, scale);
            yield return scaled;
            var reshaped = c.Op("Reshape", scaled.Outputs[0], grouped);
            yield return reshaped;
            dxHat = reshaped.Outputs[0];
        }
        else
        {
            var reshaped = c.Op("Reshape", c.OutputGrad(0)!, grouped);
            yield return reshaped;
            var (scale, scaleNodes) = PerChannel(c, c.Input(1), 3);
            foreach (var node in scaleNodes) yield return node;
            var scaled = c.Op("Mul", reshaped.Outputs[0], scale);
            yield return scaled;
            dxHat = scaled.Outputs[0];
        }
        var x = c.Op("Reshape", c.Input(0), grouped);
        yield return x;
        var dx = c.Temp("grouped_dx");
        foreach (var node in NormalizedGradient(c, x.Outputs[0], [2], dxHat, null, null, dx)) yield return node;
        var shape = c.ShapeOf(c.Input(0)) is { IsFullyKnown: true } known ? c.Constant(known.ToLongs()) : null;
        if (shape is null)
        {
            var runtimeShape = c.Op("Shape", c.Input(0));
            yield return runtimeShape;
            shape = runtimeShape.Outputs[0];
        }
        yield return c.Op("Reshape", [dx, shape], [c.InputGrad(0)]);
    }

    /// <summary>
    /// dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), means over <paramref name="axes"/>; μ and 1/σ are
    /// recomputed from <paramref name="x"/> (population variance, as the forward ops use) unless given.
    /// </summary>
    private static IEnumerable<Node> NormalizedGradient(GradientContext c, string x, long[] axes, string dxHat, string? mean, string? invStd, string output)
    {
        if (mean is null)
        {
            var m = c.ReduceMean(x, axes, keepDims: true, c.Temp("mean"));
            yield return m;
            mean = m.Outputs[0];
        }
        var centered = c.Op("Sub", x, mean);
        yield return centered;
        if (invStd is null)
        {
            var square = c.Op("Mul", centered.Outputs[0], centered.Outputs[0]);
            yield return square;
            var variance = c.ReduceMean(square.Outputs[0], axes, keepDims: true, c.Temp("variance"));
            yield return variance;
            var shifted = c.Op("Add", variance.Outputs[0], c.Constant(c.Node.Float("epsilon", 1e-5f)));
            yield return shifted;
            var deviation = c.Op("Sqrt", shifted.Outputs[0]);
            yield return deviation;
            var inverse = c.Op("Reciprocal", deviation.Outputs[0]);
            yield return inverse;
            invStd = inverse.Outputs[0];
        }
        var xHat = c.Op("Mul", centered.Outputs[0], invStd);
        yield return xHat;
        var meanDxHat = c.ReduceMean(dxHat, axes, keepDims: true, c.Temp("mean_dxhat"));
        yield return meanDxHat;
        var product = c.Op("Mul", dxHat, xHat.Outputs[0]);
        yield return product;
        var meanProduct = c.ReduceMean(product.Outputs[0], axes, keepDims: true, c.Temp("mean_dxhat_xhat"));
        yield return meanProduct;
        var projection = c.Op("Mul", xHat.Outputs[0], meanProduct.Outputs[0]);
        yield return projection;
        var uncentered = c.Op("Sub", dxHat, meanDxHat.Outputs[0]);
        yield return uncentered;
        var residual = c.Op("Sub", uncentered.Outputs[0], projection.Outputs[0]);
        yield return residual;
        yield return c.Op("Mul", [residual.Outputs[0], invStd], [output]);
    }

    /// <summary>
    /// A 1-D per-channel (or per-group) tensor shaped [C, 1, …] so that it broadcasts from axis 1 of a
    /// tensor of <paramref name="rank"/>: a reshaped constant when it is an initializer, else an Unsqueeze.
    /// </summary>
    private static (string Value, List<Node> Nodes) PerChannel(GradientContext c, string value, int rank)
    {
        var trailing = Enumerable.Range(1, rank - 2).Select(a => (long)a).ToArray();
        if (trailing.Length == 0) return (value, []);
        if (c.ConstantValue(value) is { } constant)
            return (c.Constant(ConstTensor.FromFloats(constant.ToFloats(), [constant.ElementCount, .. trailing.Select(_ => 1L)])), []);
        var unsqueeze = c.Unsqueeze(value, trailing, c.Temp("per_channel"));
        return (unsqueeze.Outputs[0], [unsqueeze]);
    }

    /// <summary>Output <paramref name="index"/> of the forward node when it has one, else null.</summary>
    private static string? OptionalOutput(GradientContext c, int index) =>
        index < c.Node.Outputs.Count && c.Node.Outputs[index].Length > 0 ? c.Node.Outputs[index] : null;

    private static void RefuseAffineGradients(GradientContext c, string scaleName, string biasName)
    {
        for (int i = 1; i <= 2; i++)
            if (c.NeedsInputGrad(i))
                throw new ConvLensException($"cannot differentiate {c.Node} with respect to its {(i == 1 ? scaleName : biasName)} '{c.Input(i)}': only the data input has a {c.Node.OpType} gradient");
    }
}
