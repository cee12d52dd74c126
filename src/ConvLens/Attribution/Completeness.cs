namespace ConvLens.Attribution;

/// <summary>
/// Integrated Gradients' completeness check: the attributions should add up to the score at the image
/// minus the score at the baseline; the gap shrinks as the path integral gets more steps.
/// </summary>
/// <param name="AttributionSum">The sum of all input attributions.</param>
/// <param name="ImageScore">The target's score at the image.</param>
/// <param name="BaselineScore">The target's score at the baseline.</param>
public sealed record Completeness(double AttributionSum, double ImageScore, double BaselineScore)
{
    /// <summary>The score difference the attributions should add up to.</summary>
    public double ScoreDifference => ImageScore - BaselineScore;

    /// <summary><c>|sum − difference| / |difference|</c> (infinite when the difference is 0 and the sum is not).</summary>
    public double RelativeError
    {
        get
        {
            double gap = Math.Abs(AttributionSum - ScoreDifference);
            return gap == 0 ? 0 : gap / Math.Abs(ScoreDifference);
        }
    }
}
