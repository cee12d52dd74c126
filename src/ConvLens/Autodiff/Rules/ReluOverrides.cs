using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ReluOverrides
{
    public static IEnumerable<Node> Guided(GradientContext c) => throw new NotSupportedException("rule pending: Guided");

    public static IEnumerable<Node> Redirect(GradientContext c) => throw new NotSupportedException("rule pending: Redirect");

}
