namespace ConvLens.Models;

/// <summary>What the numbers of a classifier's output are.</summary>
public enum ClassificationScoreKind
{
    /// <summary>Unnormalised scores: a softmax turns them into probabilities.</summary>
    Logits,

    /// <summary>Probabilities (a Softmax node computed them).</summary>
    Probabilities,

    /// <summary>Log-probabilities (a LogSoftmax node computed them).</summary>
    LogProbabilities,
}
