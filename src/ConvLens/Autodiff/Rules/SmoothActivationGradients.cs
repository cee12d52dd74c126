using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the smooth activations of newer CNNs: Erf, Gelu (opset 20, both forms), Softplus,
/// Softsign and Mish. Each writes dx = dy·f′(x) with f′ built from opset-13 operators only.
/// </summary>
internal static class SmoothActivationGradients
{
    /// <summary>2/√π, the scale of erf′(x) = 2/√π·e^(−x²).</summary>
    private const float TwoOverSqrtPi = 1.1283791670955126f;

    /// <summary>1/√(2π), the scale of the standard normal density.</summary>
    private const float InverseSqrtTwoPi = 0.3989422804014327f;

    /// <summary>√(2/π), the scale inside tanh-approximated GELU.</summary>
    private const float SqrtTwoOverPi = 0.7978845608028654f;

    /// <summary>The cubic coefficient of tanh-approximated GELU, as in the ONNX spec and PyTorch.</summary>
    private const float GeluCubic = 0.044715f;

    /// <summary>y = erf(x): dx = dy·2/√π·e^(−x²).</summary>
    public static IEnumerable<Node> Erf(GradientContext c)
    {
        var x = c.Input(0);
        var square = c.Op("Mul", x, x);
        yield return square;
        var negated = c.Op("Mul", square.Outputs[0], c.Constant(-1f));
        yield return negated;
        var density = c.Op("Exp", negated.Outputs[0]);
        yield return density;
        var slope = c.Op("Mul", density.Outputs[0], c.Constant(TwoOverSqrtPi));
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// Gelu (opset 20). approximate="none": y = x·Φ(x), dx = dy·(Φ(x) + x·φ(x)) with Φ, φ the standard
    /// normal distribution and density. approximate="tanh": y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³)),
    /// dx = dy·(½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)).
    /// </summary>
    public static IEnumerable<Node> Gelu(GradientContext c)
    {
        var approximate = c.Node.String("approximate", "none");
        var nodes = approximate switch
        {
            "none" => ExactGeluSlope(c),
            "tanh" => TanhGeluSlope(c),
            _ => throw new ConvLensException($"cannot differentiate {c.Node}: approximate must be \"none\" or \"tanh\", not \"{approximate}\""),
        };
        Node? last = null;
        foreach (var node in nodes) yield return last = node;
        yield return c.Op("Mul", [c.OutputGrad(0)!, last!.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>y = ln(1 + eˣ): dx = dy·σ(x).</summary>
    public static IEnumerable<Node> Softplus(GradientContext c)
    {
        var sigmoid = c.Op("Sigmoid", c.Input(0));
        yield return sigmoid;
        yield return c.Op("Mul", [c.OutputGrad(0)!, sigmoid.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>y = x / (1 + |x|): dx = dy / (1 + |x|)².</summary>
    public static IEnumerable<Node> Softsign(GradientContext c)
    {
        var abs = c.Op("Abs", c.Input(0));
        yield return abs;
        var denominator = c.Op("Add", abs.Outputs[0], c.Constant(1f));
        yield return denominator;
        var square = c.Op("Mul", denominator.Outputs[0], denominator.Outputs[0]);
        yield return square;
        yield return c.Op("Div", [c.OutputGrad(0)!, square.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// y = x·tanh(softplus(x)): dx = dy·(t + x·(1 − t²)·σ(x)), t = tanh(softplus(x)), since softplus′ = σ.
    /// t is recomputed rather than taken as y/x, which is undefined at x = 0.
    /// </summary>
    public static IEnumerable<Node> Mish(GradientContext c)
    {
        var x = c.Input(0);
        var softplus = c.Op("Softplus", x);
        yield return softplus;
        var t = c.Op("Tanh", softplus.Outputs[0]);
        yield return t;
        var tSquared = c.Op("Mul", t.Outputs[0], t.Outputs[0]);
        yield return tSquared;
        var tanhSlope = c.Op("Sub", c.Constant(1f), tSquared.Outputs[0]);
        yield return tanhSlope;
        var sigmoid = c.Op("Sigmoid", x);
        yield return sigmoid;
        var xSigmoid = c.Op("Mul", x, sigmoid.Outputs[0]);
        yield return xSigmoid;
        var chain = c.Op("Mul", xSigmoid.Outputs[0], tanhSlope.Outputs[0]);
        yield return chain;
        var slope = c.Op("Add", t.Outputs[0], chain.Outputs[0]);
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>Φ(x) + x·φ(x), Φ(x) = ½(1 + erf(x/√2)), φ(x) = e^(−x²/2)/√(2π); the last node's output is the slope.</summary>
    private static IEnumerable<Node> ExactGeluSlope(GradientContext c)
    {
        var x = c.Input(0);
        var scaled = c.Op("Mul", x, c.Constant(MathF.Sqrt(0.5f)));
        yield return scaled;
        var erf = c.Op("Erf", scaled.Outputs[0]);
        yield return erf;
        var onePlusErf = c.Op("Add", erf.Outputs[0], c.Constant(1f));
        yield return onePlusErf;
        var cdf = c.Op("Mul", onePlusErf.Outputs[0], c.Constant(0.5f));
        yield return cdf;
        var square = c.Op("Mul", x, x);
        yield return square;
        var exponent = c.Op("Mul", square.Outputs[0], c.Constant(-0.5f));
        yield return exponent;
        var gaussian = c.Op("Exp", exponent.Outputs[0]);
        yield return gaussian;
        var density = c.Op("Mul", gaussian.Outputs[0], c.Constant(InverseSqrtTwoPi));
        yield return density;
        var xDensity = c.Op("Mul", x, density.Outputs[0]);
        yield return xDensity;
        yield return c.Op("Add", cdf.Outputs[0], xDensity.Outputs[0]);
    }

    /// <summary>½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²); the last node's output is the slope.</summary>
    private static IEnumerable<Node> TanhGeluSlope(GradientContext c)
    {
        var x = c.Input(0);
        var square = c.Op("Mul", x, x);
        yield return square;
        // u = √(2/π)·x·(1 + 0.044715x²) and u′ = √(2/π)·(1 + 3·0.044715x²) share x².
        var innerFactor = c.Op("Mul", square.Outputs[0], c.Constant(GeluCubic));
        yield return innerFactor;
        var onePlusInner = c.Op("Add", innerFactor.Outputs[0], c.Constant(1f));
        yield return onePlusInner;
        var cubicPoly = c.Op("Mul", x, onePlusInner.Outputs[0]);
        yield return cubicPoly;
        var u = c.Op("Mul", cubicPoly.Outputs[0], c.Constant(SqrtTwoOverPi));
        yield return u;
        var t = c.Op("Tanh", u.Outputs[0]);
        yield return t;
        var onePlusT = c.Op("Add", t.Outputs[0], c.Constant(1f));
        yield return onePlusT;
        var halfOnePlusT = c.Op("Mul", onePlusT.Outputs[0], c.Constant(0.5f));
        yield return halfOnePlusT;
        var tSquared = c.Op("Mul", t.Outputs[0], t.Outputs[0]);
        yield return tSquared;
        var tanhSlope = c.Op("Sub", c.Constant(1f), tSquared.Outputs[0]);
        yield return tanhSlope;
        var derivativeFactor = c.Op("Mul", square.Outputs[0], c.Constant(3f * GeluCubic));
        yield return derivativeFactor;
        var onePlusDerivative = c.Op("Add", derivativeFactor.Outputs[0], c.Constant(1f));
        yield return onePlusDerivative;
        var uSlope = c.Op("Mul", onePlusDerivative.Outputs[0], c.Constant(0.5f * SqrtTwoOverPi));
        yield return uSlope;
        var xTanhSlope = c.Op("Mul", x, tanhSlope.Outputs[0]);
        yield return xTanhSlope;
        var chain = c.Op("Mul", xTanhSlope.Outputs[0], uSlope.Outputs[0]);
        yield return chain;
        yield return c.Op("Add", halfOnePlusT.Outputs[0], chain.Outputs[0]);
    }
}
