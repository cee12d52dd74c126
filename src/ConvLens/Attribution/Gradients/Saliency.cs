namespace ConvLens.Attribution.Gradients;

/// <summary>
/// Gradient saliency (Simonyan et al., 2014): the magnitude of the target's gradient with respect to each
/// pixel; the map takes the largest over the colour channels.
/// </summary>
public sealed class Saliency : InputGradientMethod
{
    /// <inheritdoc />
    public override string Name => "saliency";

    /// <inheritdoc />
    protected override InputAttribution Attribute(float[] image, TargetPasses passes)
    {
        var (gradient, score) = SingleGradient(image, passes);
        for (int i = 0; i < gradient.Length; i++) gradient[i] = Math.Abs(gradient[i]);
        return new InputAttribution(gradient, score);
    }
}
