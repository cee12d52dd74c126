using ConvLens.Dataset;
using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>
/// The demo's dataset: the photographs bundled with ConvLens (<c>samples/</c>) and crops of each
/// (quadrants and centres), so a handful of photos becomes a few dozen images that rank meaningfully.
/// </summary>
public static class LabReportDemoDataset
{
    /// <summary>The file every samples folder has (the photographs' credits), used to recognise one.</summary>
    public const string CreditsFile = "CREDITS.md";

    /// <summary>The crops made of each photograph: name suffix and region (fractions of width and height).</summary>
    public static IReadOnlyList<(string Suffix, double X, double Y, double Width, double Height)> Crops { get; } =
    [
        ("top-left", 0, 0, 0.5, 0.5), ("top-right", 0.5, 0, 0.5, 0.5), ("bottom-left", 0, 0.5, 0.5, 0.5), ("bottom-right", 0.5, 0.5, 0.5, 0.5),
        ("centre", 0.25, 0.25, 0.5, 0.5), ("centre-zoom", 0.375, 0.375, 0.25, 0.25),
    ];

    /// <summary>
    /// The samples folder: beside the program (<c>samples/</c> in its folder), else the nearest
    /// <c>samples/</c> with a <see cref="CreditsFile"/> above the program's folder or the working directory
    /// (a clone run with <c>dotnet run</c> or its tests).
    /// </summary>
    /// <exception cref="ConvLensException">No samples folder was found; the message says how to pass one.</exception>
    public static string FindSamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, CreditsFile))) return candidate;
            }
        throw new ConvLensException($"the demo's photographs (a samples/ folder with {CreditsFile}) were not found beside the program, above it or above the working directory; pass --samples DIR");
    }

    /// <summary>
    /// Fills <paramref name="folder"/> with every photograph of <paramref name="samples"/> and, when
    /// <paramref name="crops"/>, its crops (PNG). Files already there are kept as they are, so a second run
    /// finds them unchanged and the activation index answers without running the model.
    /// </summary>
    /// <returns>The photographs' paths inside <paramref name="folder"/> (not the crops), in name order.</returns>
    public static IReadOnlyList<string> Build(string samples, string folder, bool crops)
    {
        var photos = Directory.GetFiles(samples).Where(f => DatasetScanner.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (photos.Count == 0) throw new ConvLensException($"the samples folder '{samples}' has no photographs ({ImageLoader.SupportedFormats})");
        Directory.CreateDirectory(folder);
        var copies = new List<string>();
        foreach (var photo in photos)
        {
            var copy = Path.Combine(folder, Path.GetFileName(photo));
            if (!File.Exists(copy)) File.Copy(photo, copy);
            copies.Add(copy);
            if (!crops) continue;
            RgbImage? image = null;
            foreach (var (suffix, x, y, w, h) in Crops)
            {
                var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(photo)}-{suffix}.png");
                if (File.Exists(path)) continue;
                image ??= ImageLoader.Decode(photo);
                ImageWriter.SavePng(Crop(image, x, y, w, h), path);
            }
        }
        return copies;
    }

    /// <summary>The region (fractions of the image's sides) as a new image.</summary>
    public static RgbImage Crop(RgbImage image, double x, double y, double width, double height)
    {
        int left = (int)(x * image.Width), top = (int)(y * image.Height);
        int w = Math.Max(1, Math.Min(image.Width - left, (int)Math.Round(width * image.Width)));
        int h = Math.Max(1, Math.Min(image.Height - top, (int)Math.Round(height * image.Height)));
        var pixels = new byte[w * h * 3];
        for (int row = 0; row < h; row++)
            Array.Copy(image.Pixels, ((top + row) * image.Width + left) * 3, pixels, row * w * 3, w * 3);
        return new RgbImage(w, h, pixels);
    }
}
