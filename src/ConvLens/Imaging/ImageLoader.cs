using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>
/// Reads image files for a model with SkiaSharp: JPEG (grayscale, YCbCr and Adobe CMYK), PNG (any bit
/// depth, grayscale, palette, alpha), WebP, BMP and GIF (first frame). Pixels are converted to sRGB
/// (embedded colour profiles are honoured), turned upright by the EXIF orientation, made opaque
/// (<see cref="AlphaHandling"/>) and resized (<see cref="ResizeMode"/>). Every problem with a file is a
/// <see cref="ConvLensException"/> that names it.
/// </summary>
public static class ImageLoader
{
    /// <summary>The formats named in messages; SkiaSharp may read a few more (ICO, WBMP).</summary>
    public const string SupportedFormats = "JPEG, PNG, WebP, BMP or GIF";

    /// <summary>Reads <paramref name="path"/> and resizes it to <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <exception cref="ConvLensException">The file is missing, empty, truncated, corrupt, too large or not an image.</exception>
    public static LoadedImage Load(string path, int width, int height, ImageLoadOptions? options = null)
    {
        options ??= new ImageLoadOptions();
        return Prepare(Decode(path, options), path, width, height, options.Resize);
    }

    /// <summary>An already decoded picture resized for a model; <paramref name="name"/> stands for its file.</summary>
    public static LoadedImage Prepare(RgbImage original, string name, int width, int height, ResizeMode resize = ResizeMode.Stretch) =>
        new(name, original, ImageResampler.Resize(original, width, height, resize), width, height);

    /// <summary>Reads <paramref name="path"/> at its own size, upright and opaque.</summary>
    /// <exception cref="ConvLensException">The file is missing, empty, truncated, corrupt, too large or not an image.</exception>
    public static RgbImage Decode(string path, ImageLoadOptions? options = null)
    {
        if (Directory.Exists(path)) throw new ConvLensException($"image '{path}' is a folder, not a file");
        if (!File.Exists(path)) throw new ConvLensException($"image file '{path}' does not exist");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read image '{path}': {e.Message}", e);
        }
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes an image held in memory; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ConvLensException">The bytes are empty, truncated, corrupt, too large or not an image.</exception>
    public static RgbImage Decode(byte[] bytes, string source, ImageLoadOptions? options = null)
    {
        options ??= new ImageLoadOptions();
        if (bytes.Length == 0) throw new ConvLensException($"image '{source}' is empty (0 bytes)");
        using var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var created);
        if (codec is null)
            // Skia reports a short unknown file as "incomplete" too: only a known signature means truncation.
            throw new ConvLensException(created == SKCodecResult.IncompleteInput && FormatBySignature(bytes) is { } format
                ? $"image '{source}' is truncated: the {format} file ends inside its header ({bytes.Length} bytes)"
                : $"'{source}' is not a {SupportedFormats} image{Describe(bytes)}");

        // The header alone gives the size: check it before asking for a pixel buffer of that size.
        int width = codec.Info.Width, height = codec.Info.Height;
        long pixels = (long)width * height;
        if (width <= 0 || height <= 0)
            throw new ConvLensException($"image '{source}' declares an empty size ({width} × {height})");
        // A .NET array holds at most Array.MaxLength bytes: the RGBA buffer caps any configured limit.
        long limit = Math.Min(options.MaxPixels, Array.MaxLength / 4);
        if (pixels > limit)
            throw new ConvLensException(
                $"image '{source}' declares {width} × {height} pixels ({pixels / 1e6:0.#} megapixels), more than the limit of " +
                $"{limit / 1e6:0.#} megapixels; it was not decoded (a file this large in a few bytes is a decompression bomb)");

        var rgba = new byte[pixels * 4];
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        var result = codec.GetPixels(info, rgba);
        if (result != SKCodecResult.Success)
            throw new ConvLensException(result switch
            {
                SKCodecResult.IncompleteInput => $"image '{source}' is truncated: its {FormatName(codec.EncodedFormat)} data ends before the last row",
                SKCodecResult.ErrorInInput => $"image '{source}' is corrupt: its {FormatName(codec.EncodedFormat)} data is invalid",
                _ => $"image '{source}' ({FormatName(codec.EncodedFormat)}, {width} × {height}) could not be decoded: {result}",
            });
        var upright = ToRgb(rgba, width, height, codec.Info.AlphaType != SKAlphaType.Opaque ? options.Alpha : null);
        return ImageOrientation.Apply(upright, codec.EncodedOrigin);
    }

    /// <summary>Drops the alpha bytes, first blending over white when asked (null: the image is opaque).</summary>
    private static RgbImage ToRgb(byte[] rgba, int width, int height, AlphaHandling? alpha)
    {
        int count = width * height;
        var rgb = new byte[count * 3];
        if (alpha != AlphaHandling.CompositeOverWhite)
        {
            for (int p = 0, i = 0, o = 0; p < count; p++, i += 4, o += 3)
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (rgba[i], rgba[i + 1], rgba[i + 2]);
            return new RgbImage(width, height, rgb);
        }
        for (int p = 0, i = 0, o = 0; p < count; p++, i += 4, o += 3)
        {
            int a = rgba[i + 3], white = 255 * (255 - a) + 127;
            // c·a + 255·(255 − a), divided by 255 with rounding: exact integer arithmetic.
            rgb[o] = (byte)((rgba[i] * a + white) / 255);
            rgb[o + 1] = (byte)((rgba[i + 1] * a + white) / 255);
            rgb[o + 2] = (byte)((rgba[i + 2] * a + white) / 255);
        }
        return new RgbImage(width, height, rgb);
    }

    private static string FormatName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Webp => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    /// <summary>The format whose signature the file starts with, or null.</summary>
    private static string? FormatBySignature(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "JPEG"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "PNG"
        : b.StartsWith("GIF8"u8) ? "GIF"
        : b.StartsWith("BM"u8) ? "BMP"
        : b.StartsWith("RIFF"u8) && b.Length >= 12 && b[8..12].SequenceEqual("WEBP"u8) ? "WebP"
        : null;

    /// <summary>A hint at what the file is when it is not an image: its first bytes when they are text.</summary>
    private static string Describe(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 24));
        bool text = head.ToArray().All(b => b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t');
        if (!text) return $" (unrecognised {bytes.Length}-byte file)";
        var start = System.Text.Encoding.ASCII.GetString(head).ReplaceLineEndings(" ");
        return $" (it looks like text: \"{start}{(bytes.Length > head.Length ? "…" : "")}\")";
    }
}
