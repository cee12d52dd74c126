using ConvLens.Runtime;

namespace ConvLens.Imaging;

/// <summary>
/// An image file read for a model: the picture as decoded (upright, RGB, full size) for overlays and
/// figures, and the model's input as channel-major floats 0..255 at the model's size.
/// </summary>
public sealed class LoadedImage
{
    internal LoadedImage(string path, RgbImage original, float[] pixels, int width, int height)
    {
        Path = path;
        Original = original;
        Pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>The file as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The file's name without its folder, for titles.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The decoded picture before resizing.</summary>
    public RgbImage Original { get; }

    /// <summary>The resized image: 3 × <see cref="Height"/> × <see cref="Width"/> floats, R, G, B planes, values 0..255.</summary>
    public float[] Pixels { get; }

    /// <summary>Width of <see cref="Pixels"/>.</summary>
    public int Width { get; }

    /// <summary>Height of <see cref="Pixels"/>.</summary>
    public int Height { get; }

    /// <summary>A batch of one: shape (1, 3, H, W). The tensor shares <see cref="Pixels"/>.</summary>
    public FloatTensor ToTensor() => new(Pixels, 1, 3, Height, Width);

    /// <summary>The images stacked into one batch (N, 3, H, W), in order.</summary>
    /// <exception cref="ArgumentException">The images differ in size, or there are none.</exception>
    public static FloatTensor Batch(IReadOnlyList<LoadedImage> images)
    {
        if (images.Count == 0) throw new ArgumentException("a batch needs at least one image", nameof(images));
        int width = images[0].Width, height = images[0].Height;
        var mismatch = images.FirstOrDefault(i => i.Width != width || i.Height != height);
        if (mismatch is not null)
            throw new ArgumentException($"'{mismatch.Path}' was resized to {mismatch.Width} × {mismatch.Height}, the first image to {width} × {height}", nameof(images));
        int item = 3 * width * height;
        var data = new float[images.Count * item];
        for (int i = 0; i < images.Count; i++) images[i].Pixels.CopyTo(data, i * item);
        return new FloatTensor(data, images.Count, 3, height, width);
    }
}
