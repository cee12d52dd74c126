using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ShapeGradients
{
    public static IEnumerable<Node> Flatten(GradientContext c) => throw new NotSupportedException("rule pending: Flatten");

    public static IEnumerable<Node> Reshape(GradientContext c) => throw new NotSupportedException("rule pending: Reshape");

    public static IEnumerable<Node> Squeeze(GradientContext c) => throw new NotSupportedException("rule pending: Squeeze");

    public static IEnumerable<Node> Unsqueeze(GradientContext c) => throw new NotSupportedException("rule pending: Unsqueeze");

    public static IEnumerable<Node> Transpose(GradientContext c) => throw new NotSupportedException("rule pending: Transpose");

    public static IEnumerable<Node> Concat(GradientContext c) => throw new NotSupportedException("rule pending: Concat");

    public static IEnumerable<Node> Split(GradientContext c) => throw new NotSupportedException("rule pending: Split");

    public static IEnumerable<Node> Slice(GradientContext c) => throw new NotSupportedException("rule pending: Slice");

    public static IEnumerable<Node> Pad(GradientContext c) => throw new NotSupportedException("rule pending: Pad");

}
