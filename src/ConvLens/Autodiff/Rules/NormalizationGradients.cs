using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class NormalizationGradients
{
    public static IEnumerable<Node> BatchNormalization(GradientContext c) => throw new NotSupportedException("rule pending: BatchNormalization");

    public static IEnumerable<Node> Lrn(GradientContext c) => throw new NotSupportedException("rule pending: Lrn");

}
