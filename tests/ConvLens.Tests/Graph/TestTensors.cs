using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>Random tensors and tensor comparisons for the graph tests.</summary>
internal static class TestTensors
{
    /// <summary>A float tensor of normally distributed values (mean 0, deviation 1).</summary>
    public static ConstTensor Normal(Random rng, params long[] dims)
    {
        var data = new float[dims.Aggregate(1L, (a, d) => a * d)];
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return ConstTensor.FromFloats(data, dims);
    }

    /// <summary>Same element type, dimensions and bytes.</summary>
    public static void AssertBitEqual(ConstTensor expected, ConstTensor actual, string what)
    {
        Assert.True(expected.ElementType == actual.ElementType, $"{what}: element type {actual.ElementType}, expected {expected.ElementType}");
        Assert.True(expected.Dims.SequenceEqual(actual.Dims), $"{what}: shape [{string.Join(",", actual.Dims)}], expected [{string.Join(",", expected.Dims)}]");
        Assert.True(expected.Bytes.Span.SequenceEqual(actual.Bytes.Span), $"{what}: values differ");
    }

    /// <summary>
    /// Same type and shape, and every element within <paramref name="tolerance"/> of the expected one,
    /// relative to the largest expected magnitude (at least 1).
    /// </summary>
    public static void AssertClose(ConstTensor expected, ConstTensor actual, double tolerance, string what)
    {
        Assert.True(expected.ElementType == actual.ElementType, $"{what}: element type {actual.ElementType}, expected {expected.ElementType}");
        Assert.True(expected.Dims.SequenceEqual(actual.Dims), $"{what}: shape [{string.Join(",", actual.Dims)}], expected [{string.Join(",", expected.Dims)}]");
        float[] e = expected.ToFloats(), a = actual.ToFloats();
        double scale = Math.Max(1, e.Max(v => Math.Abs((double)v)));
        double worst = e.Zip(a).Max(p => Math.Abs((double)p.First - p.Second));
        Assert.True(worst <= tolerance * scale, $"{what}: largest difference {worst:G4} exceeds {tolerance:G2} × {scale:G4}");
    }
}
