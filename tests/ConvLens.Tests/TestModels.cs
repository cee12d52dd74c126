namespace ConvLens.Tests;

/// <summary>Random data for tests: seeded, so every failure can be replayed from the seed it prints.</summary>
internal static class TestModels
{
    /// <summary><paramref name="count"/> normal samples of mean 0 and deviation <paramref name="std"/> (Box–Muller).</summary>
    public static float[] RandomNormal(Random rng, long count, double std = 1)
    {
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            values[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }
}
