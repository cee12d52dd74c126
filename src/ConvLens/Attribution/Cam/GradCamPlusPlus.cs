namespace ConvLens.Attribution.Cam;

/// <summary>
/// Grad-CAM++ (Chattopadhyay et al., 2018): a channel's weight sums its positive gradients, each scaled by
/// <c>α = g² / (2g² + (Σ A_c) · g³)</c> (the closed form for an exponential score, with higher derivatives
/// written as powers of the first), so several separate instances of an object all count.
/// </summary>
public sealed class GradCamPlusPlus : CamMethod
{
    /// <summary>Keeps α finite where the denominator vanishes.</summary>
    private const double Epsilon = 1e-6;

    /// <inheritdoc />
    public override string Name => "gradcam++";

    /// <inheritdoc />
    protected override float[] Combine(CamActivations layer)
    {
        var weights = new double[layer.Channels];
        for (int c = 0; c < layer.Channels; c++)
        {
            double activationSum = 0;
            foreach (var a in layer.Channel(c)) activationSum += a;
            double weight = 0;
            foreach (var gradient in layer.ChannelGradient(c))
            {
                if (gradient <= 0) continue;
                double g = gradient, g2 = g * g;
                weight += g * g2 / (2 * g2 + activationSum * g2 * g + Epsilon);
            }
            weights[c] = weight;
        }
        return WeightedSum(layer, weights);
    }
}
