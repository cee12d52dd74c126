using ConvLens.Runtime;

namespace ConvLens.Models.Preprocessing;

/// <summary>
/// One way of turning RGB pixels (0..255) into what a network was trained on:
/// <c>preprocessed = (reorder(pixels) − offset) / divisor</c>, where <c>reorder</c> optionally turns RGB
/// into BGR, <c>offset</c> is one value per channel or a whole mean image, and <c>divisor</c> one value per
/// channel. Every preset ConvLens knows has this form, so one graph fragment and one inverse serve them all.
/// Offsets and divisors are listed in the order of the reordered channels.
/// </summary>
public sealed class PreprocessPreset
{
    internal PreprocessPreset(string name, string description, bool rgbToBgr, float[] offset, int offsetHeight, int offsetWidth, float[] divisor)
    {
        if (offset.Length != 3 * Math.Max(1, offsetHeight * offsetWidth) || divisor.Length != 3)
            throw new ArgumentException("a preset needs 3 divisors and 3 offsets per offset pixel");
        Name = name;
        Description = description;
        RgbToBgr = rgbToBgr;
        Offset = offset;
        OffsetHeight = offsetHeight;
        OffsetWidth = offsetWidth;
        Divisor = divisor;
    }

    /// <summary>The preset's name, as <c>--preprocess</c> takes it.</summary>
    public string Name { get; }

    /// <summary>One line saying what it does.</summary>
    public string Description { get; }

    /// <summary>True when channels are reversed (RGB → BGR) before the offset is subtracted.</summary>
    public bool RgbToBgr { get; }

    /// <summary>
    /// Subtracted from the reordered pixels: 3 values (one per channel), or 3 × <see cref="OffsetHeight"/> ×
    /// <see cref="OffsetWidth"/> values (a mean image, channel-major).
    /// </summary>
    public float[] Offset { get; }

    /// <summary>Height of the mean image; 0 when <see cref="Offset"/> is per channel.</summary>
    public int OffsetHeight { get; }

    /// <summary>Width of the mean image; 0 when <see cref="Offset"/> is per channel.</summary>
    public int OffsetWidth { get; }

    /// <summary>Divides each reordered channel after the offset is subtracted.</summary>
    public float[] Divisor { get; }

    /// <summary>True when the offset is a whole image rather than one value per channel.</summary>
    public bool HasMeanImage => OffsetHeight > 0;

    /// <summary>True when the preset changes nothing.</summary>
    public bool IsIdentity => !RgbToBgr && Offset.All(o => o == 0) && Divisor.All(d => d == 1);

    /// <summary>The preprocessing computed in C# on a batch (N, 3, H, W) of RGB pixels 0..255.</summary>
    /// <exception cref="ConvLensException">The tensor is not (N, 3, H, W), or its size does not match the mean image.</exception>
    public FloatTensor ToPreprocessed(FloatTensor pixels)
    {
        var (n, plane) = CheckShape(pixels, "pixels");
        var output = new float[pixels.Length];
        for (int b = 0; b < n; b++)
            for (int c = 0; c < 3; c++)
            {
                int from = (b * 3 + (RgbToBgr ? 2 - c : c)) * plane, to = (b * 3 + c) * plane;
                for (int p = 0; p < plane; p++)
                    output[to + p] = (pixels.Data[from + p] - OffsetAt(c, p)) / Divisor[c];
            }
        return new FloatTensor(output, pixels.Shape.ToArray());
    }

    /// <summary>
    /// The inverse, for display: a batch in preprocessed space back to RGB pixels (0..255 for images that
    /// came from pixels; an optimised image may leave that range and is not clamped here).
    /// </summary>
    /// <exception cref="ConvLensException">The tensor is not (N, 3, H, W), or its size does not match the mean image.</exception>
    public FloatTensor ToPixels(FloatTensor preprocessed)
    {
        var (n, plane) = CheckShape(preprocessed, "preprocessed");
        var output = new float[preprocessed.Length];
        for (int b = 0; b < n; b++)
            for (int c = 0; c < 3; c++)
            {
                int from = (b * 3 + c) * plane, to = (b * 3 + (RgbToBgr ? 2 - c : c)) * plane;
                for (int p = 0; p < plane; p++)
                    output[to + p] = preprocessed.Data[from + p] * Divisor[c] + OffsetAt(c, p);
            }
        return new FloatTensor(output, preprocessed.Shape.ToArray());
    }

    private float OffsetAt(int channel, int pixel) => HasMeanImage ? Offset[channel * OffsetHeight * OffsetWidth + pixel] : Offset[channel];

    private (int Batch, int Plane) CheckShape(FloatTensor tensor, string what)
    {
        if (tensor.Shape is not [var n, 3, var h, var w])
            throw new ConvLensException($"preset '{Name}' needs a (N, 3, H, W) {what} tensor, got {tensor.ShapeText}");
        if (HasMeanImage && (h != OffsetHeight || w != OffsetWidth))
            throw new ConvLensException($"preset '{Name}' subtracts a {OffsetHeight} × {OffsetWidth} mean image; the {what} tensor is {h} × {w}");
        return (n, h * w);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Description}";
}
