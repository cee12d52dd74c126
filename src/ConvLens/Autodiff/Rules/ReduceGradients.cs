using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ReduceGradients
{
    public static IEnumerable<Node> ReduceSum(GradientContext c) => throw new NotSupportedException("rule pending: ReduceSum");

    public static IEnumerable<Node> ReduceMean(GradientContext c) => throw new NotSupportedException("rule pending: ReduceMean");

}
