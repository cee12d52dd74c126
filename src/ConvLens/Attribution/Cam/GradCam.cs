namespace ConvLens.Attribution.Cam;

/// <summary>
/// Grad-CAM (Selvaraju et al., 2017): each channel weighs by the mean of its gradient over the map,
/// <c>ReLU(Σ_c mean(∂y/∂A_c) · A_c)</c>.
/// </summary>
public sealed class GradCam : CamMethod
{
    /// <inheritdoc />
    public override string Name => "gradcam";

    /// <inheritdoc />
    protected override float[] Combine(CamActivations layer) => WeightedSum(layer, MeanGradients(layer));
}
