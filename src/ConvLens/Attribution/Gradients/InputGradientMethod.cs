using ConvLens.Attribution.Targets;
using ConvLens.Runtime;

namespace ConvLens.Attribution.Gradients;

/// <summary>
/// Attribution from gradients of the target with respect to the input pixels (saliency, SmoothGrad,
/// Integrated Gradients, guided backprop). Validation, batching and the result live here; a subclass
/// computes per-pixel attributions (<see cref="Attribute"/>) and may say how they fold into one map.
/// </summary>
public abstract class InputGradientMethod : IAttributionMethod
{
    /// <summary>Inputs per run for methods that take many gradients (SmoothGrad, IG); bounds memory.</summary>
    public int BatchSize { get; init; } = 16;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public AttributionMap Explain(Network network, FloatTensor image, IAttributionTarget target)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(target);
        var input = AttributionInput.Single(network, image);
        var passes = new TargetPasses(network, target, AttributionInput.BatchSize(BatchSize));
        Validate();
        // Written before any run, so a target that does not fit its layer fails at once.
        passes.Seed(1);
        var (channels, height, width) = network.InputSize;
        var attribution = Attribute(input.Data, passes);
        if (attribution.Values.Length != input.Length)
            throw new InvalidOperationException($"{Name} returned {attribution.Values.Length} attributions for {input.Length} input values");
        return new AttributionMap
        {
            Method = Name,
            Target = target.Description,
            Values = Fold(attribution.Values, channels, height * width),
            Height = height,
            Width = width,
            InputHeight = height,
            InputWidth = width,
            Score = attribution.Score,
            Normalization = MapNormalization.Percentile99,
            InputAttributions = new FloatTensor(attribution.Values, 1, channels, height, width),
            Completeness = attribution.Completeness,
        };
    }

    /// <summary>Checks the method's own options.</summary>
    /// <exception cref="ConvLensException">An option is out of range.</exception>
    protected virtual void Validate() { }

    /// <summary>The attributions of <paramref name="image"/> (C × H × W) and the target's score on it.</summary>
    protected abstract InputAttribution Attribute(float[] image, TargetPasses passes);

    /// <summary>
    /// One value per pixel from the per-channel attributions: by default the largest magnitude over the
    /// channels, as saliency maps are drawn (Simonyan et al.).
    /// </summary>
    protected virtual float[] Fold(float[] attributions, int channels, int plane)
    {
        var map = new float[plane];
        for (int c = 0; c < channels; c++)
            for (int p = 0; p < plane; p++)
                map[p] = Math.Max(map[p], Math.Abs(attributions[c * plane + p]));
        return map;
    }

    /// <summary>One gradient of the target at <paramref name="image"/> itself, with its score.</summary>
    protected static (float[] Gradient, double Score) SingleGradient(float[] image, TargetPasses passes, Autodiff.GradientRegistry? registry = null)
    {
        float[]? gradient = null;
        double score = 0;
        passes.Gradients(1, (_, input) => image.CopyTo(input), (_, g, s) =>
        {
            gradient = g.ToArray();
            score = s;
        }, registry);
        return (gradient!, score);
    }
}
