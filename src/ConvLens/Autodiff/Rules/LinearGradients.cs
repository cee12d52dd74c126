using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class LinearGradients
{
    public static IEnumerable<Node> Gemm(GradientContext c) => throw new NotSupportedException("rule pending: Gemm");

    public static IEnumerable<Node> MatMul(GradientContext c) => throw new NotSupportedException("rule pending: MatMul");

}
