namespace ConvLens.Imaging;

/// <summary>How <see cref="ImageLoader"/> decodes and resizes images.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>The default limit on width × height: 100 megapixels (a 400 MB RGBA buffer while decoding).</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>
    /// Images whose header claims more pixels than this are refused before anything is decoded, so a
    /// small file that expands to gigabytes (a decompression bomb) cannot exhaust memory.
    /// </summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>How transparency becomes RGB.</summary>
    public AlphaHandling Alpha { get; init; } = AlphaHandling.CompositeOverWhite;

    /// <summary>How the image is fitted to the model's input size.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;
}
