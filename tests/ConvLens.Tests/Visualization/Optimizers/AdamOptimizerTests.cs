using ConvLens.Visualization.Optimizers;
using Xunit;

namespace ConvLens.Tests.Visualization.Optimizers;

public class AdamOptimizerTests
{
    [Fact]
    public void TheFirstStepMovesEachParameterByTheLearningRateUpItsGradient()
    {
        var adam = new AdamOptimizer(4, learningRate: 0.05);
        float[] parameters = [0f, 1f, -1f, 2f];
        float[] gradient = [3f, -0.001f, 250f, 0f];
        adam.Step(parameters, gradient);
        // m̂ = g and v̂ = g² after one step, so each move is lr·g/(|g| + ε): ±lr, and 0 for a zero gradient.
        // Float32 arithmetic: 1e-7 absolute on values of size 1-2.
        Assert.Equal(0.05f, parameters[0], 1e-7f);
        Assert.Equal(1f - 0.05f, parameters[1], 1e-6f);
        Assert.Equal(-1f + 0.05f, parameters[2], 1e-7f);
        Assert.Equal(2f, parameters[3]);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void MatchesTheTextbookUpdateComputedInDouble()
    {
        const int seed = 21;
        var random = new Random(seed);
        const int n = 16;
        var adam = new AdamOptimizer(n, learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-3);
        var parameters = new float[n];
        double[] reference = new double[n], m = new double[n], v = new double[n];
        for (int t = 1; t <= 20; t++)
        {
            var gradient = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            adam.Step(parameters, gradient);
            for (int i = 0; i < n; i++)
            {
                m[i] = 0.8 * m[i] + 0.2 * gradient[i];
                v[i] = 0.99 * v[i] + 0.01 * gradient[i] * gradient[i];
                double mHat = m[i] / (1 - Math.Pow(0.8, t)), vHat = v[i] / (1 - Math.Pow(0.99, t));
                reference[i] += 0.01 * mHat / (Math.Sqrt(vHat) + 1e-3);
            }
        }
        // 20 float32 steps of size ≤ 0.01: accumulated rounding stays below 1e-6.
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(parameters[i] - reference[i]) < 1e-6, $"parameter {i} (seed {seed}): {parameters[i]} vs {reference[i]}");
    }

    [Fact]
    public void ClimbsToTheMaximumOfAConcaveFunction()
    {
        // Maximise −Σ(p − target)²: gradient −2(p − target).
        float[] target = [1.5f, -0.7f, 0.2f];
        var parameters = new float[3];
        var adam = new AdamOptimizer(3, learningRate: 0.05);
        for (int step = 0; step < 600; step++)
            adam.Step(parameters, parameters.Select((p, i) => -2 * (p - target[i])).ToArray());
        // Adam's steps shrink with the gradient near the optimum; 1e-2 is well inside one learning rate.
        for (int i = 0; i < 3; i++) Assert.Equal(target[i], parameters[i], 1e-2f);
    }

    [Fact]
    public void RejectsMismatchedLengthsAndABadLearningRate()
    {
        Assert.Throws<ArgumentException>(() => new AdamOptimizer(3).Step(new float[3], new float[2]));
        Assert.Contains("--lr", Assert.Throws<ConvLensException>(() => new AdamOptimizer(3, learningRate: 0)).Message);
    }
}
