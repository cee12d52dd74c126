namespace ConvLens.Attribution.Cam;

/// <summary>
/// Layer-CAM (Jiang et al., 2021): every position weighs by its own positive gradient,
/// <c>ReLU(Σ_c ReLU(∂y/∂A_c) ⊙ A_c)</c>, which keeps fine detail in early layers.
/// </summary>
public sealed class LayerCam : CamMethod
{
    /// <inheritdoc />
    public override string Name => "layercam";

    /// <inheritdoc />
    protected override float[] Combine(CamActivations layer)
    {
        var sum = new double[layer.Plane];
        for (int c = 0; c < layer.Channels; c++)
        {
            var a = layer.Channel(c);
            var g = layer.ChannelGradient(c);
            for (int p = 0; p < sum.Length; p++)
                if (g[p] > 0) sum[p] += (double)g[p] * a[p];
        }
        return ToFloats(sum);
    }
}
