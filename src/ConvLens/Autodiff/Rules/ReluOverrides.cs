using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Replacement ReLU gradients for <see cref="GradientRegistry.GuidedBackprop"/> and
/// <see cref="GradientRegistry.GradientRedirect"/>. ConvLens seeds are gradients of objectives to be
/// maximised, so "dy &gt; 0" means increasing the unit's output increases the objective.
/// </summary>
internal static class ReluOverrides
{
    /// <summary>
    /// Guided backpropagation (Springenberg et al.): dx = dy·[y &gt; 0]·[dy &gt; 0], the plain ReLU mask
    /// and, in addition, only the gradient that says "more of this unit" passes. Emitted as
    /// Relu(dy)·[y &gt; 0].
    /// </summary>
    public static IEnumerable<Node> Guided(GradientContext c)
    {
        var positiveGrad = c.Op("Relu", c.OutputGrad(0)!);
        yield return positiveGrad;
        var active = c.Op("Greater", c.Output(0), c.Constant(0f));
        yield return active;
        var mask = c.Op("Cast", active.Outputs[0]).With("to", (long)TensorElementType.Float);
        yield return mask;
        yield return c.Op("Mul", [positiveGrad.Outputs[0], mask.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// Lucid's gradient redirect (<c>lucid/misc/redirected_relu_grad.py</c>), for a maximised objective.
    /// The plain gradient is dy where x ≥ 0 (Lucid passes it at x = 0 too). The redirected gradient
    /// also lets dy through where x &lt; 0 when dy &gt; 0, i.e. when raising the input would raise the
    /// objective, so ascent can pull a dead unit back to life; where x &lt; 0 and dy &lt; 0 (ascent
    /// would push the input further down) it stays blocked. As in Lucid, the redirected gradient is
    /// used only for batch items where the plain gradient is zero everywhere (nothing gets through
    /// this ReLU), and the plain one elsewhere. Lucid minimises a loss, whose gradient has the opposite
    /// sign: it blocks x &lt; 0 with grad &gt; 0, the same units. Switching back to the plain rule
    /// after Lucid's first 16 steps is the caller's choice of registry.
    /// </summary>
    public static IEnumerable<Node> Redirect(GradientContext c)
    {
        string x = c.Input(0), dy = c.OutputGrad(0)!;
        int rank = c.InputShape(0).Rank;
        if (rank < 2)
            throw new ConvLensException($"cannot apply the gradient-redirect ReLU rule to {c.Node}: its input '{x}' needs a batch axis and at least one more (rank ≥ 2), it has rank {rank}");

        var inactive = c.Op("Less", x, c.Constant(0f));
        yield return inactive;
        var zero = c.Constant(0f);
        var plain = c.Op("Where", inactive.Outputs[0], zero, dy);
        yield return plain;
        var upward = c.Op("Relu", dy);
        yield return upward;
        var redirected = c.Op("Where", inactive.Outputs[0], upward.Outputs[0], dy);
        yield return redirected;

        // Whether anything passes the plain gradient, per batch item: Σ|g| > 0 over the other axes.
        var magnitude = c.Op("Abs", plain.Outputs[0]);
        yield return magnitude;
        var otherAxes = Enumerable.Range(1, rank - 1).Select(a => (long)a).ToArray();
        var total = c.ReduceSum(magnitude.Outputs[0], otherAxes, keepDims: true, c.Temp("magnitude"));
        yield return total;
        var flows = c.Op("Greater", total.Outputs[0], zero);
        yield return flows;
        yield return c.Op("Where", [flows.Outputs[0], plain.Outputs[0], redirected.Outputs[0]], [c.InputGrad(0)]);
    }
}
