using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using static ConvLens.Tests.Visualization.Transforms.ImageMapChecks;

namespace ConvLens.Tests.Visualization.Parameterization;

/// <summary>Adjoint and finite-difference checks of a parameterisation (tolerances: see <see cref="Transforms.ImageMapChecks"/>).</summary>
internal static class ParameterizationChecks
{
    /// <summary>
    /// ⟨Render(p), w⟩ = ⟨p, Backward(w)⟩ for a linear parameterisation at random parameters p of
    /// magnitude up to <paramref name="scale"/>.
    /// </summary>
    public static void CheckAdjoint(IImageParameterization parameterization, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        Uniform(random, parameterization.Parameters.Length, scale).CopyTo(parameterization.Parameters, 0);
        var image = Render(parameterization);
        var weights = RandomImage(parameterization, random);
        var gradient = new float[parameterization.Parameters.Length];
        parameterization.Backward(weights, gradient);
        AssertClose(Dot(image.Data, weights.Data), Dot(parameterization.Parameters, gradient), Norm(image.Data) * Norm(weights.Data),
            AdjointTolerance, seed, "<F p, w> vs <p, F^T w>");
    }

    /// <summary>Central finite differences of ⟨Render(p), w⟩ along a random direction d against ⟨Backward(w), d⟩.</summary>
    public static void CheckFiniteDifferences(IImageParameterization parameterization, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var point = Uniform(random, parameterization.Parameters.Length, scale);
        var direction = Uniform(random, point.Length);
        var weights = RandomImage(parameterization, random);

        point.CopyTo(parameterization.Parameters, 0);
        Render(parameterization);
        var gradient = new float[point.Length];
        parameterization.Backward(weights, gradient);

        float[] At(float sign)
        {
            for (int i = 0; i < point.Length; i++) parameterization.Parameters[i] = point[i] + sign * Epsilon * direction[i];
            return Render(parameterization).Data;
        }
        var plus = At(1);
        var minus = At(-1);
        var difference = plus.Select((v, i) => (v - minus[i]) / (2 * Epsilon)).ToArray();
        AssertClose(Dot(difference, weights.Data), Dot(gradient, direction), Norm(difference) * Norm(weights.Data),
            FiniteDifferenceTolerance, seed, "finite difference vs backward");
    }

    public static ImageBuffer Render(IImageParameterization parameterization)
    {
        var (c, h, w) = parameterization.ImageSize;
        var image = ImageBuffer.Zeros(c, h, w);
        parameterization.Render(image);
        return image;
    }

    private static ImageBuffer RandomImage(IImageParameterization parameterization, Random random)
    {
        var (c, h, w) = parameterization.ImageSize;
        return new ImageBuffer(Uniform(random, c * h * w), c, h, w);
    }
}
