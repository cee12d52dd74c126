using ConvLens.Autodiff;

namespace ConvLens.Attribution.Gradients;

/// <summary>
/// Guided backpropagation (Springenberg et al., 2015): the input gradient with every ReLU passing back
/// only positive gradients through active units (<see cref="GradientRegistry.GuidedBackprop"/>), which
/// gives sharp, edge-like maps. The attributions are the signed guided gradients.
/// </summary>
public sealed class GuidedBackprop : InputGradientMethod
{
    /// <inheritdoc />
    public override string Name => "guided";

    /// <inheritdoc />
    protected override InputAttribution Attribute(float[] image, TargetPasses passes)
    {
        var (gradient, score) = SingleGradient(image, passes, GradientRegistry.GuidedBackprop);
        return new InputAttribution(gradient, score);
    }
}
