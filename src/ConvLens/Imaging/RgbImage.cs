namespace ConvLens.Imaging;

/// <summary>
/// An 8-bit sRGB image with rows top to bottom and the three channels interleaved (R, G, B per pixel):
/// what a decoded file looks like on screen, kept for overlays and figures.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (<c>width × height × 3</c> bytes, not copied).</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"image size {width} × {height} must be positive");
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"a {width} × {height} RGB image needs {(long)width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The interleaved R, G, B bytes, row by row.</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>The image as floats 0..255 in channel-major (CHW) order.</summary>
    public float[] ToChw()
    {
        int plane = Width * Height;
        var chw = new float[3 * plane];
        for (int p = 0; p < plane; p++)
        {
            chw[p] = Pixels[3 * p];
            chw[plane + p] = Pixels[3 * p + 1];
            chw[2 * plane + p] = Pixels[3 * p + 2];
        }
        return chw;
    }

    /// <summary>
    /// An image from channel-major floats in 0..255 (values outside are clamped, fractions rounded), for
    /// showing a tensor such as a deprocessed optimisation result.
    /// </summary>
    public static RgbImage FromChw(ReadOnlySpan<float> chw, int width, int height)
    {
        int plane = width * height;
        if (chw.Length != 3 * plane)
            throw new ArgumentException($"a 3 × {height} × {width} image needs {3 * plane} values, got {chw.Length}", nameof(chw));
        var pixels = new byte[3 * plane];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
            {
                float v = chw[c * plane + p];
                // NaN would otherwise turn into an arbitrary byte: show it as black.
                pixels[3 * p + c] = float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
            }
        return new RgbImage(width, height, pixels);
    }
}
