namespace ConvLens.Visualization.Transforms;

/// <summary>
/// Lucid's <c>jitter(d)</c>, exactly: a random crop of (H − d) × (W − d), its top-left corner drawn
/// uniformly from 0..d (inclusive) on each axis, so the output is smaller by <see cref="Amount"/>
/// pixels in each dimension. (Lucent's jitter instead shifts and keeps the size.) Random shifts stop
/// the optimiser from building a pattern aligned to the network's stride grid. Linear: the backward
/// pass puts the gradient back into the crop window and zeros elsewhere.
/// </summary>
public sealed class JitterTransform : IImageTransform
{
    /// <summary>Crops <paramref name="amount"/> (≥ 0) pixels from each dimension at a random offset.</summary>
    public JitterTransform(int amount)
    {
        if (amount < 0) throw new ConvLensException($"jitter:{amount}: the jitter must be 0 or more pixels");
        Amount = amount;
    }

    /// <summary>How many pixels the crop removes from the height and from the width.</summary>
    public int Amount { get; }

    /// <summary>Draws the crop's row offset, then its column offset, each uniform in 0..<see cref="Amount"/>.</summary>
    public IImageTransformStep Sample(int channels, int height, int width, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (height <= Amount || width <= Amount)
            throw new ConvLensException($"jitter:{Amount} needs an image larger than {Amount} pixels, got {height}x{width}; use a larger --size or smaller jitter");
        int top = random.Next(Amount + 1);
        int left = random.Next(Amount + 1);
        return new Step(channels, height, width, Amount, top, left);
    }

    /// <summary>The spec text (<c>jitter:8</c>) that <see cref="TransformSpecParser"/> reads back.</summary>
    public override string ToString() => $"jitter:{Amount}";

    /// <summary>A crop at a fixed offset (internal so tests can pin the offset).</summary>
    internal sealed class Step(int channels, int height, int width, int amount, int top, int left) : IImageTransformStep
    {
        public int Top => top;

        public int Left => left;

        public (int Channels, int Height, int Width) OutputSize { get; } = (channels, height - amount, width - amount);

        public void Forward(ImageBuffer input, ImageBuffer output)
        {
            TransformBufferCheck.Require(input, (channels, height, width), "jitter input");
            TransformBufferCheck.Require(output, OutputSize, "jitter output");
            int outHeight = height - amount, outWidth = width - amount;
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < outHeight; y++)
                    Array.Copy(input.Data, (c * height + y + top) * width + left, output.Data, (c * outHeight + y) * outWidth, outWidth);
        }

        public void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient)
        {
            TransformBufferCheck.Require(outputGradient, OutputSize, "jitter output gradient");
            TransformBufferCheck.Require(inputGradient, (channels, height, width), "jitter input gradient");
            Array.Clear(inputGradient.Data);
            int outHeight = height - amount, outWidth = width - amount;
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < outHeight; y++)
                    Array.Copy(outputGradient.Data, (c * outHeight + y) * outWidth, inputGradient.Data, (c * height + y + top) * width + left, outWidth);
        }
    }
}
