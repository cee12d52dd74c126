namespace ConvLens.Visualization.Transforms;

/// <summary>Buffer checks shared by the transform steps: a buffer of the wrong size is a caller's bug.</summary>
internal static class TransformBufferCheck
{
    /// <summary>Throws unless <paramref name="buffer"/> is <paramref name="size"/>.</summary>
    public static void Require(ImageBuffer buffer, (int Channels, int Height, int Width) size, string role)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Channels != size.Channels || buffer.Height != size.Height || buffer.Width != size.Width)
            throw new ArgumentException($"{role} is {buffer.Channels}x{buffer.Height}x{buffer.Width}, expected {size.Channels}x{size.Height}x{size.Width}");
    }
}
