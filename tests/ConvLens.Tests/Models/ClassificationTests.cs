using ConvLens.Models;
using Xunit;

namespace ConvLens.Tests.Models;

public sealed class ClassificationTests
{
    private static ClassificationLabel Label(int i) => new(i, $"n{i}", $"name {i}");

    [Fact]
    public void TopKOrdersByProbabilityThenIndexExactly()
    {
        float[] probabilities = [0.1f, 0.3f, 0.05f, 0.3f, 0.25f];

        var top = Classification.TopK(probabilities, 3, Label);

        Assert.Equal(
            [new(1, "n1", "name 1", 0.3f), new(3, "n3", "name 3", 0.3f), new ClassificationPrediction(4, "n4", "name 4", 0.25f)],
            top);
    }

    [Fact]
    public void TopKReturnsEveryClassWhenKExceedsThem() =>
        Assert.Equal([2, 0, 1], Classification.TopK([0.2f, 0.1f, 0.7f], 10, Label).Select(p => p.Index));

    [Fact]
    public void NaNScoresSortLast() =>
        Assert.Equal([1, 2, 0], Classification.TopK([float.NaN, 0.6f, 0.4f], 3, Label).Select(p => p.Index));

    [Fact]
    public void SoftmaxMatchesTheDoubleFormula()
    {
        float[] logits = [1f, 2f, 3f, -1f];
        double sum = logits.Sum(l => Math.Exp(l));

        var probabilities = Classification.Softmax(logits);

        // float32 rounding of values below 1: 1e-7 absolute.
        for (int i = 0; i < logits.Length; i++) Assert.Equal(Math.Exp(logits[i]) / sum, probabilities[i], 1e-7);
    }

    [Fact]
    public void SoftmaxOfHugeLogitsDoesNotOverflow()
    {
        var probabilities = Classification.Softmax([1000f, 0f, 999f]);

        Assert.All(probabilities, p => Assert.True(float.IsFinite(p)));
        // exp(-1)/(1 + exp(-1)) = 0.268941…; float32 rounding: 1e-7 absolute.
        Assert.Equal(0.2689414213699951, probabilities[2], 1e-7);
        Assert.Equal(0f, probabilities[1]);
    }

    [Fact]
    public void TopKOfLogitsAppliesSoftmaxAndOfProbabilitiesDoesNot()
    {
        float[] scores = [0.2f, 0.5f, 0.3f];

        var asProbabilities = Classification.TopK(scores, 1, scoresAreProbabilities: true, Label);
        var asLogits = Classification.TopK(scores, 1, scoresAreProbabilities: false, Label);

        Assert.Equal(0.5f, asProbabilities[0].Probability);
        double expected = Math.Exp(0.5) / (Math.Exp(0.2) + Math.Exp(0.5) + Math.Exp(0.3));
        // float32 rounding: 1e-7 absolute.
        Assert.Equal(expected, asLogits[0].Probability, 1e-7);
    }
}
