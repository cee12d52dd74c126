using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the exponential linear units Elu, Selu and Celu, all of the form
/// y = p·x for x &gt; 0 and y = s·(e^(k·x) − 1) (times a scale) for x ≤ 0, so one slope
/// dx = dy·(x &gt; 0 ? p : s·k·e^(k·x)) serves the three. At the kink x = 0 the slope is the left
/// one, s·k, as in PyTorch (whose elu backward takes the negative branch for x ≤ 0).
/// </summary>
internal static class ExponentialLinearGradients
{
    /// <summary>ONNX's default Selu alpha (the float attribute default, exactly).</summary>
    private const float SeluAlpha = 1.67326319217681884765625f;

    /// <summary>ONNX's default Selu gamma (the float attribute default, exactly).</summary>
    private const float SeluGamma = 1.05070102214813232421875f;

    /// <summary>y = x for x &gt; 0, alpha·(eˣ − 1) else: dx = dy, or dy·alpha·eˣ for x ≤ 0 (alpha defaults to 1).</summary>
    public static IEnumerable<Node> Elu(GradientContext c)
    {
        float alpha = c.Node.Float("alpha", 1f);
        return Slope(c, positiveSlope: 1f, negativeScale: alpha, inputScale: 1f);
    }

    /// <summary>y = gamma·x for x &gt; 0, gamma·alpha·(eˣ − 1) else: dx = dy·gamma, or dy·gamma·alpha·eˣ for x ≤ 0.</summary>
    public static IEnumerable<Node> Selu(GradientContext c)
    {
        float alpha = c.Node.Float("alpha", SeluAlpha), gamma = c.Node.Float("gamma", SeluGamma);
        return Slope(c, positiveSlope: gamma, negativeScale: gamma * alpha, inputScale: 1f);
    }

    /// <summary>
    /// y = max(0, x) + min(0, alpha·(e^(x/alpha) − 1)): dx = dy for x &gt; 0, dy·e^(x/alpha) else
    /// (continuous at 0; alpha defaults to 1).
    /// </summary>
    public static IEnumerable<Node> Celu(GradientContext c)
    {
        float alpha = c.Node.Float("alpha", 1f);
        if (alpha == 0f) throw new ConvLensException($"cannot differentiate {c.Node}: alpha must not be 0 (Celu divides by it)");
        return Slope(c, positiveSlope: 1f, negativeScale: 1f, inputScale: 1f / alpha);
    }

    /// <summary>dx = dy·(x &gt; 0 ? positiveSlope : negativeScale·e^(inputScale·x)).</summary>
    private static IEnumerable<Node> Slope(GradientContext c, float positiveSlope, float negativeScale, float inputScale)
    {
        var x = c.Input(0);
        string exponent = x;
        if (inputScale != 1f)
        {
            var scaled = c.Op("Mul", x, c.Constant(inputScale));
            yield return scaled;
            exponent = scaled.Outputs[0];
        }
        // e^(k·x) overflows to ∞ for large positive x; Where takes the other branch there, so no NaN reaches dx.
        var exp = c.Op("Exp", exponent);
        yield return exp;
        string negativeSlope = exp.Outputs[0];
        if (negativeScale != 1f)
        {
            var times = c.Op("Mul", negativeSlope, c.Constant(negativeScale));
            yield return times;
            negativeSlope = times.Outputs[0];
        }
        var positive = c.Op("Greater", x, c.Constant(0f));
        yield return positive;
        var slope = c.Op("Where", positive.Outputs[0], c.Constant(positiveSlope), negativeSlope);
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }
}
