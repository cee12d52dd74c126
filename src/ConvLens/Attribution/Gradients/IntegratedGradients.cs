namespace ConvLens.Attribution.Gradients;

/// <summary>
/// Integrated Gradients (Sundararajan et al., 2017): <c>(x − x′) ⊙ ∫₀¹ ∇f(x′ + α(x − x′)) dα</c>, the
/// integral by the midpoint rule over <see cref="Steps"/> points (run in batches). The attributions add
/// up to <c>f(x) − f(x′)</c> as the steps grow (<see cref="Completeness"/> reports the gap). The map is
/// the magnitude of the attributions summed over colour channels, as Captum draws them.
/// </summary>
public sealed class IntegratedGradients : InputGradientMethod
{
    /// <summary>Points on the path from the baseline to the image.</summary>
    public int Steps { get; init; } = 64;

    /// <summary>The baseline x′.</summary>
    public IntegratedGradientsBaseline Baseline { get; init; } = IntegratedGradientsBaseline.Black;

    /// <inheritdoc />
    public override string Name => "ig";

    /// <inheritdoc />
    protected override void Validate()
    {
        if (Steps < 1) throw new ConvLensException($"Integrated Gradients needs at least 1 step, not {Steps}");
    }

    /// <inheritdoc />
    protected override InputAttribution Attribute(float[] image, TargetPasses passes)
    {
        var (channels, height, width) = passes.InputSize;
        var baseline = Baseline.For(image, channels, height, width);
        var sum = new double[image.Length];
        passes.Gradients(Steps, (step, input) =>
        {
            float alpha = (float)((step + 0.5) / Steps);
            for (int i = 0; i < input.Length; i++) input[i] = baseline[i] + alpha * (image[i] - baseline[i]);
        }, (_, gradient, _) =>
        {
            for (int i = 0; i < sum.Length; i++) sum[i] += gradient[i];
        });
        var attributions = new float[image.Length];
        double total = 0;
        for (int i = 0; i < attributions.Length; i++)
        {
            double a = ((double)image[i] - baseline[i]) * sum[i] / Steps;
            attributions[i] = (float)a;
            total += a;
        }
        var scores = passes.Scores(2, (k, input) => (k == 0 ? image : baseline).CopyTo(input));
        return new InputAttribution(attributions, scores[0], new Completeness(total, scores[0], scores[1]));
    }

    /// <inheritdoc />
    protected override float[] Fold(float[] attributions, int channels, int plane)
    {
        var map = new float[plane];
        for (int p = 0; p < plane; p++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += attributions[c * plane + p];
            map[p] = (float)Math.Abs(sum);
        }
        return map;
    }
}
