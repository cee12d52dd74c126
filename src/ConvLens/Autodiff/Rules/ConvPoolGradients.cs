using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ConvPoolGradients
{
    public static IEnumerable<Node> Conv(GradientContext c) => throw new NotSupportedException("rule pending: Conv");

    public static IEnumerable<Node> MaxPool(GradientContext c) => throw new NotSupportedException("rule pending: MaxPool");

    public static IEnumerable<Node> AveragePool(GradientContext c) => throw new NotSupportedException("rule pending: AveragePool");

    public static IEnumerable<Node> GlobalAveragePool(GradientContext c) => throw new NotSupportedException("rule pending: GlobalAveragePool");

    public static IEnumerable<Node> GlobalMaxPool(GradientContext c) => throw new NotSupportedException("rule pending: GlobalMaxPool");

}
