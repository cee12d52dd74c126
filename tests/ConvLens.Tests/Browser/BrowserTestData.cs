using System.Runtime.CompilerServices;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Tests.Browser;

/// <summary>Small models, generated datasets and the repository's sample photographs for the report and explorer tests.</summary>
internal static class BrowserTestData
{
    /// <summary>A narrow VGG16 (random weights, seeded) at <paramref name="imageSize"/> pixels: fast enough for many optimisation steps.</summary>
    public static Network TinyVgg(bool classifier, int imageSize = 64) =>
        Network.FromModel(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(7), includeTop: classifier, widthDivisor: 16, imageSize: imageSize));

    /// <summary>
    /// A folder of <paramref name="count"/> generated pictures (gratings of different angles and colours,
    /// deterministic), of varied sizes so resizing is exercised.
    /// </summary>
    public static string Gratings(int count, int seed = 3)
    {
        var folder = TestFiles.TempFolder();
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int width = 48 + 16 * (i % 3), height = 40 + 16 * (i % 2);
            double angle = Math.PI * i / count, period = 5 + i % 4 * 3;
            var (r, g, b) = (random.Next(256), random.Next(256), random.Next(256));
            var pixels = new byte[width * height * 3];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double wave = 0.5 + 0.5 * Math.Sin(2 * Math.PI * (x * Math.Cos(angle) + y * Math.Sin(angle)) / period);
                    int p = 3 * (y * width + x);
                    pixels[p] = (byte)(r * wave);
                    pixels[p + 1] = (byte)(g * wave);
                    pixels[p + 2] = (byte)(b * (1 - wave));
                }
            ImageWriter.SavePng(new RgbImage(width, height, pixels), Path.Combine(folder, $"grating-{i:D2}.png"));
        }
        return folder;
    }

    /// <summary>The repository's <c>samples/</c> folder, found above this source file (tests may run from any artifacts folder).</summary>
    public static string Samples([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source)!, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "samples", "CREDITS.md"))) return Path.Combine(dir.FullName, "samples");
        throw new InvalidOperationException("the repository's samples/ folder was not found above " + source);
    }
}
