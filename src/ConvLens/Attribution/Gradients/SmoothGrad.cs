namespace ConvLens.Attribution.Gradients;

/// <summary>
/// SmoothGrad (Smilkov et al., 2017): saliency averaged over copies of the image with Gaussian noise of
/// deviation <see cref="NoiseLevel"/> × (max − min of the image), which removes the speckle of single
/// gradients. As Captum's noise tunnel over saliency, the copies' gradient magnitudes are averaged, so
/// zero noise gives saliency exactly.
/// </summary>
public sealed class SmoothGrad : InputGradientMethod
{
    /// <summary>Noise deviation as a fraction of the image's value range (the paper finds 10–20% best).</summary>
    public double NoiseLevel { get; init; } = 0.15;

    /// <summary>Noisy copies averaged (the paper's 50).</summary>
    public int Samples { get; init; } = 50;

    /// <summary>Seed of the noise.</summary>
    public int Seed { get; init; }

    /// <inheritdoc />
    public override string Name => "smoothgrad";

    /// <inheritdoc />
    protected override void Validate()
    {
        if (Samples < 1) throw new ConvLensException($"SmoothGrad needs at least 1 sample, not {Samples}");
        if (!double.IsFinite(NoiseLevel) || NoiseLevel < 0) throw new ConvLensException($"SmoothGrad's noise level must be 0 or more, not {NoiseLevel}");
    }

    /// <inheritdoc />
    protected override InputAttribution Attribute(float[] image, TargetPasses passes)
    {
        double sigma = NoiseLevel * (image.Max() - image.Min());
        var random = new Random(Seed);
        var sum = new double[image.Length];
        passes.Gradients(Samples, (_, input) =>
        {
            // Samples are filled in order, so one generator gives the same noise at every batch size.
            for (int i = 0; i < input.Length; i++) input[i] = image[i] + (float)(sigma * Normal(random));
        }, (_, gradient, _) =>
        {
            for (int i = 0; i < sum.Length; i++) sum[i] += Math.Abs(gradient[i]);
        });
        var mean = new float[sum.Length];
        for (int i = 0; i < mean.Length; i++) mean[i] = (float)(sum[i] / Samples);
        double score = passes.Scores(1, (_, input) => image.CopyTo(input))[0];
        return new InputAttribution(mean, score);
    }

    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
