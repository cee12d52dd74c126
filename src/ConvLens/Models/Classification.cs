namespace ConvLens.Models;

/// <summary>
/// Decodes a classifier's output into the top-k classes, the way Keras's <c>decode_predictions</c> does.
/// </summary>
public static class Classification
{
    /// <summary>
    /// Softmax of <paramref name="logits"/>, computed in double after subtracting the maximum so that
    /// large logits neither overflow nor lose the small classes.
    /// </summary>
    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) return [];
        float max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var exp = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += exp[i] = Math.Exp(logits[i] - (double)max);
        var result = new float[logits.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (float)(exp[i] / sum);
        return result;
    }

    /// <summary>
    /// The <paramref name="k"/> most probable classes, most probable first; equal probabilities keep
    /// index order so the result is deterministic.
    /// </summary>
    /// <param name="probabilities">One probability per class.</param>
    /// <param name="k">How many classes to return (fewer when the vector is shorter).</param>
    /// <param name="labels">Names the class at an index.</param>
    public static ClassificationPrediction[] TopK(ReadOnlySpan<float> probabilities, int k, Func<int, ClassificationLabel> labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var order = new int[probabilities.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var values = probabilities.ToArray();
        // NaN sorts last so that a broken output still decodes its finite classes first.
        Array.Sort(order, (a, b) =>
        {
            float pa = float.IsNaN(values[a]) ? float.NegativeInfinity : values[a];
            float pb = float.IsNaN(values[b]) ? float.NegativeInfinity : values[b];
            int byValue = pb.CompareTo(pa);
            return byValue != 0 ? byValue : a.CompareTo(b);
        });
        return order.Take(k).Select(i =>
        {
            var label = labels(i);
            return new ClassificationPrediction(i, label.Name, label.Description, values[i]);
        }).ToArray();
    }

    /// <summary>Top-k of raw scores: applies softmax first unless <paramref name="scoresAreProbabilities"/>.</summary>
    public static ClassificationPrediction[] TopK(ReadOnlySpan<float> scores, int k, bool scoresAreProbabilities, Func<int, ClassificationLabel> labels) =>
        TopK(scoresAreProbabilities ? scores : Softmax(scores), k, labels);
}
