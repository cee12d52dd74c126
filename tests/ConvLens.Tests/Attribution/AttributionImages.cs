namespace ConvLens.Tests.Attribution;

/// <summary>Seeded test pictures.</summary>
internal static class AttributionImages
{
    /// <summary>
    /// A picture with structure at several scales: a few random sinusoids per channel plus a little noise,
    /// pixels 0..255, channel-major (3 × height × width). Natural-image-like enough that a CNN's channels
    /// respond in places rather than everywhere.
    /// </summary>
    public static float[] Smooth(int seed, int height, int width)
    {
        var random = new Random(seed);
        var pixels = new float[3 * height * width];
        for (int c = 0; c < 3; c++)
        {
            var waves = Enumerable.Range(0, 4).Select(_ => (Fy: random.NextDouble() * 0.2, Fx: random.NextDouble() * 0.2, Phase: random.NextDouble() * 6.3)).ToArray();
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double v = waves.Sum(w => Math.Sin(w.Fy * y + w.Fx * x + w.Phase)) / 4;
                    pixels[(c * height + y) * width + x] = (float)Math.Clamp(128 + 100 * v + 10 * (random.NextDouble() - 0.5), 0, 255);
                }
        }
        return pixels;
    }
}
