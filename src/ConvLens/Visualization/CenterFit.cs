using ConvLens.Visualization.Transforms;

namespace ConvLens.Visualization;

/// <summary>
/// Centres an image of any size on a fixed canvas, padding with a constant or cropping: what makes the
/// randomly scaled images of the modern recipe fit a network whose input size is fixed. Not random, so it
/// is a step of its own rather than an <see cref="IImageTransform"/>; its backward is the exact adjoint
/// (the gradient of the visible part; none for the padding).
/// </summary>
internal sealed class CenterFit : IImageTransformStep
{
    private readonly float _fill;

    /// <summary>Maps (channels, inputHeight, inputWidth) to (channels, height, width).</summary>
    public CenterFit(int channels, int inputHeight, int inputWidth, int height, int width, float fill)
    {
        OutputSize = (channels, height, width);
        InputSize = (channels, inputHeight, inputWidth);
        _fill = fill;
    }

    /// <summary>Channels, height and width of the input.</summary>
    public (int Channels, int Height, int Width) InputSize { get; }

    /// <inheritdoc />
    public (int Channels, int Height, int Width) OutputSize { get; }

    /// <inheritdoc />
    public void Forward(ImageBuffer input, ImageBuffer output)
    {
        output.Data.AsSpan().Fill(_fill);
        Copy(input, output, toOutput: true);
    }

    /// <inheritdoc />
    public void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient)
    {
        inputGradient.Data.AsSpan().Clear();
        Copy(inputGradient, outputGradient, toOutput: false);
    }

    /// <summary>Copies the rows both images share, from input to output or back.</summary>
    private void Copy(ImageBuffer input, ImageBuffer output, bool toOutput)
    {
        var (channels, h, w) = InputSize;
        var (_, height, width) = OutputSize;
        // Offsets of the input's origin on the output; negative when the input is larger (cropped).
        int top = (height - h) / 2, left = (width - w) / 2;
        int y0 = Math.Max(0, -top), y1 = Math.Min(h, height - top);
        int x0 = Math.Max(0, -left), x1 = Math.Min(w, width - left);
        if (y1 <= y0 || x1 <= x0) return;
        for (int c = 0; c < channels; c++)
            for (int y = y0; y < y1; y++)
            {
                var from = input.Data.AsSpan((c * h + y) * w + x0, x1 - x0);
                var to = output.Data.AsSpan((c * height + y + top) * width + x0 + left, x1 - x0);
                if (toOutput) from.CopyTo(to);
                else to.CopyTo(from);
            }
    }
}
