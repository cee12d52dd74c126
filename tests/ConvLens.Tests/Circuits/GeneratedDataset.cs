using ConvLens.Imaging;

namespace ConvLens.Tests.Circuits;

/// <summary>A folder of seeded random-pattern PNG images, with a broken file and a non-image file among them.</summary>
internal static class GeneratedDataset
{
    /// <summary>Writes <paramref name="count"/> images of <paramref name="size"/>² (smooth colour gradients plus noise), one corrupt PNG and a text file.</summary>
    public static string Write(int count, int seed, int size = 40)
    {
        var folder = TestFiles.TempFolder();
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var pixels = new byte[size * size * 3];
            double fx = rng.NextDouble() * 0.4, fy = rng.NextDouble() * 0.4, phase = rng.NextDouble() * 6;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    for (int c = 0; c < 3; c++)
                    {
                        double wave = 127 + 90 * Math.Sin(fx * x * (c + 1) + fy * y + phase + c);
                        pixels[(y * size + x) * 3 + c] = (byte)Math.Clamp(wave + rng.Next(-30, 31), 0, 255);
                    }
            // Subfolders: the dataset is read recursively.
            var sub = Path.Combine(folder, i % 2 == 0 ? "a" : "b");
            Directory.CreateDirectory(sub);
            File.WriteAllBytes(Path.Combine(sub, $"image{i:D2}.png"), ImageWriter.EncodePng(new RgbImage(size, size, pixels)));
        }
        File.WriteAllBytes(Path.Combine(folder, "broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image; ignored by extension");
        return folder;
    }
}
