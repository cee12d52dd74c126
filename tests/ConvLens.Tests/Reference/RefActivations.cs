using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Reference activations of newer CNNs, in double, from the ONNX operator specs (attribute defaults
/// as the specs give them): HardSigmoid, HardSwish, Erf, Gelu, Softplus, Softsign, Elu, Selu, Celu,
/// ThresholdedRelu, PRelu and Mish.
/// </summary>
internal static class RefActivations
{
    /// <summary>Beyond this |x|, erf(x) is ±1 in double: erfc(6) ≈ 2e-17 is below half an ulp of 1.</summary>
    private const double ErfSaturation = 6;

    /// <summary>The error function to ~1e-15 relative, so central differences of it are good to ~1e-9.</summary>
    /// <remarks>
    /// Abramowitz–Stegun 7.1.6, erf x = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)): every term is positive,
    /// so unlike the Taylor series nothing cancels; .NET has no Math.Erf.
    /// </remarks>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        if (a > ErfSaturation) return Math.Sign(x);
        double term = a, sum = a;
        for (int n = 0; term > 1e-17 * sum; n++)
        {
            term *= 2 * a * a / (2 * n + 3);
            sum += term;
        }
        return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum;
    }

    /// <summary>HardSigmoid: max(0, min(1, alpha·x + beta)), alpha 0.2 and beta 0.5 by default.</summary>
    public static RefTensor HardSigmoid(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 0.2f), beta = node.Float("beta", 0.5f);
        return RefElementwise.Unary(x, v => Math.Max(0, Math.Min(1, alpha * v + beta)));
    }

    /// <summary>HardSwish: x·max(0, min(1, x/6 + ½)).</summary>
    public static RefTensor HardSwish(RefTensor x) => RefElementwise.Unary(x, v => v * Math.Max(0, Math.Min(1, v / 6 + 0.5)));

    /// <summary>Gelu (opset 20): ½x(1 + erf(x/√2)), or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) when approximate="tanh".</summary>
    public static RefTensor Gelu(Node node, RefTensor x) => node.String("approximate", "none") switch
    {
        "none" => RefElementwise.Unary(x, v => 0.5 * v * (1 + Erf(v / Math.Sqrt(2)))),
        "tanh" => RefElementwise.Unary(x, v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))),
        var other => throw new NotSupportedException($"reference {node}: approximate \"{other}\""),
    };

    /// <summary>Softplus ln(1 + eˣ), written so that eˣ never overflows.</summary>
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>Softsign x / (1 + |x|).</summary>
    public static double Softsign(double x) => x / (1 + Math.Abs(x));

    /// <summary>Mish x·tanh(softplus(x)).</summary>
    public static double Mish(double x) => x * Math.Tanh(Softplus(x));

    /// <summary>Elu: x for x ≥ 0, alpha·(eˣ − 1) for x &lt; 0 (alpha 1 by default).</summary>
    public static RefTensor Elu(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 1f);
        return RefElementwise.Unary(x, v => v >= 0 ? v : alpha * (Math.Exp(v) - 1));
    }

    /// <summary>Selu: gamma·x for x &gt; 0, gamma·(alpha·eˣ − alpha) else, with the spec's float defaults.</summary>
    public static RefTensor Selu(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 1.67326319217681884765625f), gamma = node.Float("gamma", 1.05070102214813232421875f);
        return RefElementwise.Unary(x, v => v > 0 ? gamma * v : gamma * (alpha * Math.Exp(v) - alpha));
    }

    /// <summary>Celu: max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (alpha 1 by default).</summary>
    public static RefTensor Celu(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 1f);
        return RefElementwise.Unary(x, v => Math.Max(0, v) + Math.Min(0, alpha * (Math.Exp(v / alpha) - 1)));
    }

    /// <summary>ThresholdedRelu: x for x &gt; alpha, 0 else (alpha 1 by default).</summary>
    public static RefTensor ThresholdedRelu(Node node, RefTensor x)
    {
        double alpha = node.Float("alpha", 1f);
        return RefElementwise.Unary(x, v => v > alpha ? v : 0);
    }

    /// <summary>PRelu: x for x ≥ 0, slope·x for x &lt; 0, the slope broadcast to x.</summary>
    public static RefTensor PRelu(RefTensor x, RefTensor slope) => RefElementwise.Binary(x, slope, (v, s) => v < 0 ? s * v : v);
}
