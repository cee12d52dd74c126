using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>Gradient rules: pending.</summary>
internal static class ActivationGradients
{
    public static IEnumerable<Node> Relu(GradientContext c) => throw new NotSupportedException("rule pending: Relu");

    public static IEnumerable<Node> LeakyRelu(GradientContext c) => throw new NotSupportedException("rule pending: LeakyRelu");

    public static IEnumerable<Node> Clip(GradientContext c) => throw new NotSupportedException("rule pending: Clip");

    public static IEnumerable<Node> Sigmoid(GradientContext c) => throw new NotSupportedException("rule pending: Sigmoid");

    public static IEnumerable<Node> Tanh(GradientContext c) => throw new NotSupportedException("rule pending: Tanh");

    public static IEnumerable<Node> Softmax(GradientContext c) => throw new NotSupportedException("rule pending: Softmax");

    public static IEnumerable<Node> LogSoftmax(GradientContext c) => throw new NotSupportedException("rule pending: LogSoftmax");

    public static IEnumerable<Node> Dropout(GradientContext c) => throw new NotSupportedException("rule pending: Dropout");

    public static IEnumerable<Node> Identity(GradientContext c) => throw new NotSupportedException("rule pending: Identity");

}
