using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

/// <summary>
/// Gradient checks shared by the image-space tests: the exact adjoint identity ⟨F x, w⟩ = ⟨x, Fᵀ w⟩ for
/// linear maps, and central finite differences ⟨F(x+εd) − F(x−εd), w⟩/2ε = ⟨Fᵀ w, d⟩ for any smooth
/// map. Inner products accumulate in double; tolerances are relative to the Cauchy–Schwarz bound
/// ‖a‖·‖b‖ of the inner product, so a sum that cancels by chance does not make the check fragile.
/// </summary>
internal static class ImageMapChecks
{
    /// <summary>
    /// Float32 rounding errors of the N outputs are independent, so they shift the inner product by
    /// about 1e-7·bound/√N (measured: 3e-9 of the bound for the 64×48 Fourier map); 1e-6 keeps a wide
    /// margin. A wrong map is off by about |⟨F x, w⟩| ≈ bound/√N, i.e. 1e-2 of the bound at N ≈ 10⁴.
    /// </summary>
    public const double AdjointTolerance = 1e-6;

    /// <summary>
    /// With ε = 1e-3 and float32 images, rounding in F(x ± εd) (≈6e-8 relative) divided by 2ε leaves
    /// errors of ≈6e-5 per output; being independent they move the inner product by ≈6e-5·bound/√N
    /// (measured: 3e-7 of the bound for the 64×48 Fourier map). The truncation error of the sigmoid is
    /// O(ε²) ≈ 1e-7. The exact value is itself ≈ bound/√N, so 1e-4 still fails a gradient that is
    /// off by a few percent on maps of a few thousand outputs.
    /// </summary>
    public const double FiniteDifferenceTolerance = 1e-4;

    public const float Epsilon = 1e-3f;

    public static float[] Uniform(Random random, int length, double scale = 1.0)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    public static double Norm(ReadOnlySpan<float> a) => Math.Sqrt(Dot(a, a));

    /// <summary>Asserts |actual − expected| ≤ tolerance·scale, printing the seed on failure.</summary>
    public static void AssertClose(double expected, double actual, double scale, double tolerance, int seed, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= tolerance * scale,
            $"{what} (seed {seed}): expected {expected:G9}, got {actual:G9}; error {error:G3} exceeds {tolerance:G2} x scale {scale:G3}");
    }

    /// <summary>
    /// Exact adjoint check of a transform step. Affine steps (padding) are checked on their linear part
    /// F(x) − F(0), since the constant does not reach the gradient.
    /// </summary>
    public static void CheckStepAdjoint(IImageTransformStep step, (int C, int H, int W) inputSize, int seed)
    {
        var random = new Random(seed);
        var (c, h, w) = inputSize;
        var (oc, oh, ow) = step.OutputSize;
        var x = new ImageBuffer(Uniform(random, c * h * w), c, h, w);
        var weights = new ImageBuffer(Uniform(random, oc * oh * ow), oc, oh, ow);
        var fx = LinearPart(step, x);
        var adjoint = ImageBuffer.Zeros(c, h, w);
        step.Backward(weights, adjoint);
        AssertClose(Dot(fx, weights.Data), Dot(x.Data, adjoint.Data), Norm(fx) * Norm(weights.Data), AdjointTolerance, seed, "<F x, w> vs <x, F^T w>");
    }

    /// <summary>Finite-difference check of a transform step at a random point along a random direction.</summary>
    public static void CheckStepFiniteDifferences(IImageTransformStep step, (int C, int H, int W) inputSize, int seed)
    {
        var random = new Random(seed);
        var (c, h, w) = inputSize;
        var (oc, oh, ow) = step.OutputSize;
        var x = Uniform(random, c * h * w);
        var direction = Uniform(random, x.Length);
        var weights = new ImageBuffer(Uniform(random, oc * oh * ow), oc, oh, ow);
        float[] Apply(float sign)
        {
            var input = new ImageBuffer(x.Select((v, i) => v + sign * Epsilon * direction[i]).ToArray(), c, h, w);
            var output = ImageBuffer.Zeros(oc, oh, ow);
            step.Forward(input, output);
            return output.Data;
        }
        var plus = Apply(1);
        var minus = Apply(-1);
        var difference = plus.Select((v, i) => (v - minus[i]) / (2 * Epsilon)).ToArray();
        var gradient = ImageBuffer.Zeros(c, h, w);
        step.Backward(weights, gradient);
        AssertClose(Dot(difference, weights.Data), Dot(gradient.Data, direction), Norm(difference) * Norm(weights.Data),
            FiniteDifferenceTolerance, seed, "finite difference vs backward");
    }

    private static float[] LinearPart(IImageTransformStep step, ImageBuffer x)
    {
        var (oc, oh, ow) = step.OutputSize;
        var fx = ImageBuffer.Zeros(oc, oh, ow);
        var f0 = ImageBuffer.Zeros(oc, oh, ow);
        step.Forward(x, fx);
        step.Forward(ImageBuffer.Zeros(x.Channels, x.Height, x.Width), f0);
        return fx.Data.Select((v, i) => v - f0.Data[i]).ToArray();
    }
}
