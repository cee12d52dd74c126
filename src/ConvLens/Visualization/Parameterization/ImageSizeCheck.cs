namespace ConvLens.Visualization.Parameterization;

/// <summary>Argument checks shared by the parameterisations.</summary>
internal static class ImageSizeCheck
{
    /// <summary>Image sizes come from user options (<c>--size</c>), so a bad one is the user's error.</summary>
    public static void Require(int channels, int height, int width, string what)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ConvLensException($"{what}: image size {channels}x{height}x{width} must be positive in every dimension");
    }

    /// <summary>A buffer of the wrong size is a programming error in the caller, not a user error.</summary>
    public static void RequireBuffer(ImageBuffer buffer, (int Channels, int Height, int Width) size, string role)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Channels != size.Channels || buffer.Height != size.Height || buffer.Width != size.Width)
            throw new ArgumentException($"{role} is {buffer.Channels}x{buffer.Height}x{buffer.Width}, expected {size.Channels}x{size.Height}x{size.Width}");
    }
}
