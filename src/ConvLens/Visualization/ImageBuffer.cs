namespace ConvLens.Visualization;

/// <summary>
/// One image in channel-major (C, H, W) float layout: what image-space steps (parameterisations,
/// transforms) read and write. The array is used in place.
/// </summary>
public sealed class ImageBuffer
{
    /// <summary>Wraps <paramref name="data"/> of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    public ImageBuffer(float[] data, int channels, int height, int width)
    {
        if (data.Length != channels * height * width)
            throw new ArgumentException($"an image of {channels}x{height}x{width} needs {channels * height * width} values, got {data.Length}");
        Data = data;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>A zero image.</summary>
    public static ImageBuffer Zeros(int channels, int height, int width) => new(new float[channels * height * width], channels, height, width);

    /// <summary>The values, channel-major.</summary>
    public float[] Data { get; }

    /// <summary>Channels (3 for colour images).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>True when both images have the same size.</summary>
    public bool SameSize(ImageBuffer other) => Channels == other.Channels && Height == other.Height && Width == other.Width;
}
