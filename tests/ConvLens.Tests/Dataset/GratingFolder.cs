using ConvLens.Tests.Imaging;

namespace ConvLens.Tests.Dataset;

/// <summary>
/// A dataset folder of sinusoidal gratings at known orientations (0° = horizontal stripes), 64×64 PNGs
/// whose names and folders do not sort in orientation order, so a ranking that follows the names fails.
/// </summary>
internal sealed class GratingFolder
{
    /// <summary>Orientation in degrees → relative path.</summary>
    public static readonly (double Degrees, string Path)[] Gratings =
    [
        (0, "q.png"), (20, "sub/c.png"), (40, "sub/deeper/x.png"), (60, "a.png"), (80, "m.png"),
        (90, "v2.png"), (90, "sub/v1.png"),
    ];

    public GratingFolder()
    {
        Root = TestFiles.TempFolder();
        foreach (var (degrees, path) in Gratings) Write(path, degrees);
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>The full path of a file in the folder.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a grating of period 16 pixels at <paramref name="degrees"/> as <paramref name="relative"/>.</summary>
    public string Write(string relative, double degrees, int size = 64, double phase = 0.3)
    {
        double theta = degrees * Math.PI / 180, period = 16;
        var rgba = SkiaFile.Rgba(size, size, (x, y) =>
        {
            // Brightness varies across the stripes: along y for horizontal stripes, along x for vertical ones.
            double across = y * Math.Cos(theta) + x * Math.Sin(theta);
            byte v = (byte)Math.Round(128 + 100 * Math.Sin(2 * Math.PI * across / period + phase));
            return (v, v, v, 255);
        });
        return WriteBytes(relative, SkiaFile.Png(size, size, rgba));
    }

    /// <summary>Writes raw bytes as <paramref name="relative"/>.</summary>
    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
