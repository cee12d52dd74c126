using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ElementwiseGradients
{
    public static IEnumerable<Node> Add(GradientContext c) => throw new NotSupportedException("rule pending: Add");

    public static IEnumerable<Node> Sub(GradientContext c) => throw new NotSupportedException("rule pending: Sub");

    public static IEnumerable<Node> Mul(GradientContext c) => throw new NotSupportedException("rule pending: Mul");

    public static IEnumerable<Node> Div(GradientContext c) => throw new NotSupportedException("rule pending: Div");

    public static IEnumerable<Node> Pow(GradientContext c) => throw new NotSupportedException("rule pending: Pow");

    public static IEnumerable<Node> Sum(GradientContext c) => throw new NotSupportedException("rule pending: Sum");

    public static IEnumerable<Node> Neg(GradientContext c) => throw new NotSupportedException("rule pending: Neg");

    public static IEnumerable<Node> Sqrt(GradientContext c) => throw new NotSupportedException("rule pending: Sqrt");

    public static IEnumerable<Node> Exp(GradientContext c) => throw new NotSupportedException("rule pending: Exp");

    public static IEnumerable<Node> Log(GradientContext c) => throw new NotSupportedException("rule pending: Log");

    public static IEnumerable<Node> Abs(GradientContext c) => throw new NotSupportedException("rule pending: Abs");

}
