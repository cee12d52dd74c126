using System.Globalization;

namespace ConvLens.Visualization.Transforms;

/// <summary>
/// Lucid's <c>pad(w, mode="constant", constant_value=0.5)</c>: adds <see cref="Padding"/> pixels of
/// <see cref="FillValue"/> on every side, so the output is (H + 2p) × (W + 2p). Later jitter and
/// rotation then move the image's edges inwards without the model seeing a hard black border.
/// Affine: the backward pass is the crop of the centre (the fill does not depend on the input).
/// </summary>
public sealed class PadTransform : IImageTransform
{
    /// <summary>Pads by <paramref name="padding"/> (≥ 0) pixels of <paramref name="fillValue"/> (Lucid: 0.5, mid-grey).</summary>
    public PadTransform(int padding, float fillValue = 0.5f)
    {
        if (padding < 0) throw new ConvLensException($"pad:{padding}: the padding must be 0 or more pixels");
        Padding = padding;
        FillValue = fillValue;
    }

    /// <summary>Pixels added on each side.</summary>
    public int Padding { get; }

    /// <summary>The value of the added pixels.</summary>
    public float FillValue { get; }

    /// <summary>Nothing is random: the step only records the sizes.</summary>
    public IImageTransformStep Sample(int channels, int height, int width, Random random) => new Step(channels, height, width, Padding, FillValue);

    /// <summary>The spec text (<c>pad:12</c>, or <c>pad:12/0.3</c> for another fill) that <see cref="TransformSpecParser"/> reads back.</summary>
    public override string ToString() => FillValue == 0.5f
        ? $"pad:{Padding}"
        : string.Create(CultureInfo.InvariantCulture, $"pad:{Padding}/{FillValue}");

    private sealed class Step(int channels, int height, int width, int padding, float fill) : IImageTransformStep
    {
        public (int Channels, int Height, int Width) OutputSize { get; } = (channels, height + 2 * padding, width + 2 * padding);

        public void Forward(ImageBuffer input, ImageBuffer output)
        {
            TransformBufferCheck.Require(input, (channels, height, width), "pad input");
            TransformBufferCheck.Require(output, OutputSize, "pad output");
            Array.Fill(output.Data, fill);
            CopyWindow(input.Data, output.Data, intoPadded: true);
        }

        public void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient)
        {
            TransformBufferCheck.Require(outputGradient, OutputSize, "pad output gradient");
            TransformBufferCheck.Require(inputGradient, (channels, height, width), "pad input gradient");
            CopyWindow(outputGradient.Data, inputGradient.Data, intoPadded: false);
        }

        /// <summary>Copies between the input and the centre of the padded image, in either direction.</summary>
        private void CopyWindow(float[] source, float[] destination, bool intoPadded)
        {
            int paddedHeight = height + 2 * padding, paddedWidth = width + 2 * padding;
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < height; y++)
                {
                    int small = (c * height + y) * width;
                    int large = (c * paddedHeight + y + padding) * paddedWidth + padding;
                    if (intoPadded) Array.Copy(source, small, destination, large, width);
                    else Array.Copy(source, large, destination, small, width);
                }
            }
        }
    }
}
