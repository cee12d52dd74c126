using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the piecewise "hard" activations of mobile CNNs, HardSigmoid and HardSwish. At
/// their kinks each takes the value PyTorch's backward gives, so gradients agree with a PyTorch peer.
/// </summary>
internal static class HardActivationGradients
{
    /// <summary>
    /// y = max(0, min(1, alpha·x + beta)) (alpha 0.2, beta 0.5 by default): dx = dy·alpha strictly
    /// inside, 0 &lt; y &lt; 1, and 0 where y saturates. At both kinks (y = 0, y = 1) dx = 0, as PyTorch's
    /// hardsigmoid backward (strict bounds) and this project's Clip rule give. Testing y rather than x
    /// makes the mask right for either sign of alpha.
    /// </summary>
    public static IEnumerable<Node> HardSigmoid(GradientContext c)
    {
        float alpha = c.Node.Float("alpha", 0.2f);
        var y = c.Output(0);
        var aboveZero = c.Op("Greater", y, c.Constant(0f));
        yield return aboveZero;
        var belowOne = c.Op("Less", y, c.Constant(1f));
        yield return belowOne;
        var inside = c.Op("And", aboveZero.Outputs[0], belowOne.Outputs[0]);
        yield return inside;
        var slope = c.Op("Where", inside.Outputs[0], c.Constant(alpha), c.Constant(0f));
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// y = x·max(0, min(1, x/6 + ½)): dx = 0 for x &lt; −3, dy·(x/3 + ½) for −3 ≤ x ≤ 3, dy for x &gt; 3.
    /// The closed middle interval is PyTorch's hardswish backward: at x = −3 the slope is −½ and at
    /// x = 3 it is 3/2, the one-sided derivatives from inside the interval.
    /// </summary>
    public static IEnumerable<Node> HardSwish(GradientContext c)
    {
        var x = c.Input(0);
        var third = c.Op("Mul", x, c.Constant(1f / 3f));
        yield return third;
        var middle = c.Op("Add", third.Outputs[0], c.Constant(0.5f));
        yield return middle;
        var above = c.Op("Greater", x, c.Constant(3f));
        yield return above;
        var upper = c.Op("Where", above.Outputs[0], c.Constant(1f), middle.Outputs[0]);
        yield return upper;
        var below = c.Op("Less", x, c.Constant(-3f));
        yield return below;
        var slope = c.Op("Where", below.Outputs[0], c.Constant(0f), upper.Outputs[0]);
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }
}
