namespace ConvLens.Visualization.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba) for gradient <em>ascent</em>: <see cref="Step"/> takes d(objective)/d(parameters)
/// and moves the parameters <em>up</em> it, p += lr·m̂/(√v̂ + ε), so callers pass the gradient of what
/// they maximise without negating it. Bias correction as in the paper and PyTorch (ε added after the
/// square root of the corrected second moment); TensorFlow's Adam, which Lucid used, adds ε before the
/// correction — a difference only while √v̂ is near ε. One optimiser per parameter vector: it keeps
/// that vector's moment estimates.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;

    /// <summary>An optimiser for <paramref name="parameterCount"/> parameters (Lucid's learning rate: 0.05).</summary>
    public AdamOptimizer(int parameterCount, double learningRate = 0.05, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (parameterCount < 0) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "must not be negative");
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ConvLensException($"--lr {learningRate}: the learning rate must be a positive number");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "must be in [0, 1)");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "must be positive");
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Step size.</summary>
    public double LearningRate { get; }

    /// <summary>Decay of the running mean of gradients.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the running mean of squared gradients.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator so parameters with tiny gradients do not take huge steps.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Moves <paramref name="parameters"/> up <paramref name="gradient"/> (ascent; see the class remarks).</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (parameters.Length != _firstMoment.Length || gradient.Length != _firstMoment.Length)
            throw new ArgumentException($"Adam was made for {_firstMoment.Length} parameters, got {parameters.Length} parameters and {gradient.Length} gradients");
        StepCount++;
        // 1 − β in double: 1 − 0.999f in float is off by 5e-5 relative (0.999 is not a float).
        float beta1 = (float)Beta1, beta2 = (float)Beta2, rest1 = (float)(1 - Beta1), rest2 = (float)(1 - Beta2);
        // Fold both bias corrections into one step size: lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε·√(1−β₂ᵗ)),
        // which is lr·m̂/(√v̂ + ε) exactly, with the powers computed in double.
        double correction2 = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        float stepSize = (float)(LearningRate * correction2 / (1 - Math.Pow(Beta1, StepCount)));
        float epsilon = (float)(Epsilon * correction2);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = _firstMoment[i] = beta1 * _firstMoment[i] + rest1 * g;
            float v = _secondMoment[i] = beta2 * _secondMoment[i] + rest2 * g * g;
            parameters[i] += stepSize * m / (MathF.Sqrt(v) + epsilon);
        }
    }
}
