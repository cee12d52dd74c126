namespace ConvLens.Tests.Autodiff;

/// <summary>
/// One probe of a gradient check: the derivative of the objective along one direction (an element or
/// a random unit vector), from the gradient graph (analytic) and from float64 central differences (numeric).
/// </summary>
/// <param name="Wrt">The value the gradient is taken with respect to.</param>
/// <param name="Probe">Which element or direction, for messages.</param>
/// <param name="Analytic">&lt;g, d&gt; with g from the gradient graph in ONNX Runtime.</param>
/// <param name="Numeric">(f(x + eps d) - f(x - eps d)) / 2 eps from the reference evaluator.</param>
/// <param name="Scale">The typical magnitude of one directional derivative: |g| / sqrt(n).</param>
internal sealed record GradientComparison(string Wrt, string Probe, double Analytic, double Numeric, double Scale)
{
    /// <summary>|analytic - numeric| / max(1, |numeric|, scale): compared with the check's tolerance. NaN when either is NaN.</summary>
    public double Error => Math.Abs(Analytic - Numeric) / Math.Max(1, Math.Max(Math.Abs(Numeric), Scale));
}
