using ConvLens.Imaging;

namespace ConvLens.Attribution.Cam;

/// <summary>
/// Score-CAM (Wang et al., 2020): no gradients. Each channel's map, resized to the input (bilinear,
/// corners aligned) and scaled to [0, 1], masks the image; the target's score on each masked image,
/// through a softmax over channels, is that channel's weight. One forward pass per channel, run in
/// batches of <see cref="CamMethod.BatchSize"/>. The mask multiplies the pixels, so masked-out regions
/// are black.
/// </summary>
public sealed class ScoreCam : CamMethod
{
    /// <summary>Keeps the mask of a flat channel at zero instead of 0/0 (pytorch-grad-cam's 1e-8).</summary>
    private const double Epsilon = 1e-8;

    /// <inheritdoc />
    public override string Name => "scorecam";

    /// <inheritdoc />
    protected override bool UsesGradients => false;

    /// <inheritdoc />
    protected override float[] Combine(CamActivations layer)
    {
        var (inputChannels, height, width) = layer.InputSize;
        int plane = height * width;
        var scores = layer.ScoreInputs(layer.Channels, (c, input) =>
        {
            // The mask is made when its input is filled, so only one batch of masks exists at a time.
            var mask = BilinearZoom.Resize(layer.Channel(c), layer.Height, layer.Width, height, width);
            float min = mask.Min(), max = mask.Max();
            double scale = 1 / (max - min + Epsilon);
            for (int k = 0; k < inputChannels; k++)
                for (int p = 0; p < plane; p++)
                    input[k * plane + p] = (float)(layer.Image[k * plane + p] * ((mask[p] - min) * scale));
        });
        return WeightedSum(layer, Softmax(scores));
    }

    private static double[] Softmax(double[] scores)
    {
        double max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        double sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }
}
