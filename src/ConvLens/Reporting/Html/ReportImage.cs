using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting.Html;

/// <summary>
/// A PNG figure of a report: written beside the page as <see cref="FileName"/>, or embedded in the page
/// as a data URI when the report is a single file.
/// </summary>
public sealed class ReportImage
{
    /// <summary>Wraps encoded PNG bytes.</summary>
    /// <param name="fileName">Name of the file beside the page (letters, digits, '-', '_' and '.png').</param>
    /// <param name="png">The PNG file's bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="alt">What the image shows, for screen readers and when it fails to load.</param>
    public ReportImage(string fileName, byte[] png, int width, int height, string alt)
    {
        if (!IsSafeFileName(fileName))
            throw new ArgumentException($"report image names are letters, digits, '-' and '_' ending in .png; got '{fileName}'", nameof(fileName));
        FileName = fileName;
        Png = png;
        Width = width;
        Height = height;
        Alt = alt;
    }

    /// <summary>The file name beside the page.</summary>
    public string FileName { get; }

    /// <summary>The PNG bytes.</summary>
    public byte[] Png { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The alternative text.</summary>
    public string Alt { get; }

    /// <summary>An RGB image as a report figure.</summary>
    public static ReportImage From(RgbImage image, string fileName, string alt) =>
        new(fileName, ImageWriter.EncodePng(image), image.Width, image.Height, alt);

    /// <summary>A rendered Skia figure as a report figure.</summary>
    public static ReportImage From(SKBitmap bitmap, string fileName, string alt)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new ConvLensException($"could not encode the figure '{fileName}' as PNG");
        return new ReportImage(fileName, data.ToArray(), bitmap.Width, bitmap.Height, alt);
    }

    /// <summary>A PNG file already written (by a module that only writes files) as a report figure.</summary>
    public static ReportImage FromFile(string path, string fileName, string alt)
    {
        var bytes = File.ReadAllBytes(path);
        using var codec = SKCodec.Create(new MemoryStream(bytes))
            ?? throw new ConvLensException($"'{path}' is not an image the report can embed");
        return new ReportImage(fileName, bytes, codec.Info.Width, codec.Info.Height, alt);
    }

    /// <summary>The <c>src</c> of the image: its file name, or a base64 data URI when embedded.</summary>
    public string Source(bool embed) => embed ? "data:image/png;base64," + Convert.ToBase64String(Png) : FileName;

    private static bool IsSafeFileName(string name) =>
        name.EndsWith(".png", StringComparison.Ordinal) && name.Length > 4 &&
        name[..^4].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
