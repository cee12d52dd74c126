using System.Numerics;
using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using MathNet.Numerics.IntegralTransforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Parameterization;

public class FourierParameterizationTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 3, 8, 8 }, { 3, 7, 9 }, { 1, 6, 5 }, { 2, 16, 12 }, { 3, 5, 16 }, { 3, 32, 32 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RenderEqualsMathNetInverseRealFftOfTheScaledSpectrum(int channels, int height, int width)
    {
        const int seed = 11;
        var random = new Random(seed);
        var parameterization = new FourierParameterization(channels, height, width, random);
        ImageMapChecksRandomise(parameterization, random);
        var image = ParameterizationChecks.Render(parameterization);

        var expected = ReferenceRender(parameterization, channels, height, width);
        // Float32 dense DFT against a double-precision FFT: sums of H·(W/2+1) terms keep ~1e-6 of the
        // largest value; 1e-5 leaves margin and still catches any wrong factor, sign or layout.
        double tolerance = 1e-5 * expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(image.Data[i] - expected[i]) <= tolerance, $"pixel {i} (seed {seed}): {image.Data[i]} vs MathNet {expected[i]}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardEqualsMathNetForwardRealFftOfTheImageGradient(int channels, int height, int width)
    {
        const int seed = 12;
        var random = new Random(seed);
        var parameterization = new FourierParameterization(channels, height, width, random);
        var imageGradient = new ImageBuffer(Transforms.ImageMapChecks.Uniform(random, channels * height * width), channels, height, width);
        var gradient = new float[parameterization.Parameters.Length];
        ParameterizationChecks.Render(parameterization);
        parameterization.Backward(imageGradient, gradient);

        // The adjoint of "scale, irfft2, ÷4" is "rfft2 (unscaled, e^{-iθ}), times the scale·m(kx)/(4HW)",
        // where m(kx) = 2 for columns standing for a conjugate pair (irfft2 counts them twice).
        int k = width / 2 + 1;
        double largest = 0, worst = 0;
        for (int c = 0; c < channels; c++)
        {
            var spectrum = ReferenceForwardRealFft2(imageGradient.Data.AsSpan(c * height * width, height * width).ToArray(), height, width);
            for (int ky = 0; ky < height; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    double factor = ReferenceScale(height, width, ky, kx) * (kx == 0 || 2 * kx == width ? 1 : 2) / (4.0 * height * width);
                    double re = factor * spectrum[ky, kx].Real, im = factor * spectrum[ky, kx].Imaginary;
                    largest = Math.Max(largest, Math.Max(Math.Abs(re), Math.Abs(im)));
                    worst = Math.Max(worst, Math.Abs(re - gradient[parameterization.RealIndex(c, ky, kx)]));
                    worst = Math.Max(worst, Math.Abs(im - gradient[parameterization.ImaginaryIndex(c, ky, kx)]));
                }
            }
        }
        // Same reasoning as the forward comparison: float32 sums of ~H·W terms against double.
        Assert.True(worst <= 1e-5 * largest, $"largest gradient difference {worst:G3} vs largest gradient {largest:G3} (seed {seed})");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardIsTheExactAdjointOfRender(int channels, int height, int width)
    {
        for (int seed = 1; seed <= 3; seed++)
            ParameterizationChecks.CheckAdjoint(new FourierParameterization(channels, height, width, new Random(seed)), seed);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardMatchesFiniteDifferences(int channels, int height, int width)
    {
        for (int seed = 1; seed <= 3; seed++)
            ParameterizationChecks.CheckFiniteDifferences(new FourierParameterization(channels, height, width, new Random(seed)), seed);
    }

    [Fact]
    public void ASingleRealCoefficientRendersTheExpectedCosine()
    {
        const int size = 32;
        var parameterization = new FourierParameterization(3, size, size, new Random(1));
        Array.Clear(parameterization.Parameters);
        parameterization.Parameters[parameterization.RealIndex(0, 0, 3)] = 1f;
        var image = ParameterizationChecks.Render(parameterization);

        // Frequency 3/32 cycles per pixel: scale sqrt(32·32)/(3/32) = 341.33; a conjugate pair counts
        // twice; irfft2 divides by H·W and Lucid by 4: amplitude 2·341.33/(4·1024) = 1/6.
        double amplitude = 2 * (32.0 / (3.0 / 32)) / (4.0 * size * size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double expected = amplitude * Math.Cos(2 * Math.PI * 3 * x / size);
                // float32 tables and sums of 32 terms: 1e-6 absolute on values of size 0.17.
                Assert.True(Math.Abs(image.Data[y * size + x] - expected) < 1e-6, $"({y},{x}): {image.Data[y * size + x]} vs {expected}");
                Assert.Equal(0f, image.Data[size * size + y * size + x]);
                Assert.Equal(0f, image.Data[2 * size * size + y * size + x]);
            }
        }
    }

    [Fact]
    public void ASingleImaginaryCoefficientInTheZeroColumnRendersAMinusSineDownTheRows()
    {
        const int height = 16, width = 10;
        var parameterization = new FourierParameterization(1, height, width, new Random(1));
        Array.Clear(parameterization.Parameters);
        parameterization.Parameters[parameterization.ImaginaryIndex(0, 2, 0)] = 1f;
        var image = ParameterizationChecks.Render(parameterization);

        // Re(i·s·e^{iθ}) = −s·sin θ, θ = 2π·2y/16; frequency 2/16, scale sqrt(160)/(1/8); not a pair, so m = 1.
        double amplitude = Math.Sqrt(height * width) / (2.0 / height) / (4.0 * height * width);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                Assert.True(Math.Abs(image.Data[y * width + x] + amplitude * Math.Sin(2 * Math.PI * 2 * y / height)) < 1e-6, $"({y},{x})");
    }

    [Fact]
    public void LowFrequenciesGetMoreWeightInProportionToOneOverFrequency()
    {
        var parameterization = new FourierParameterization(1, 64, 64, new Random(1));
        double Amplitude(int kx)
        {
            Array.Clear(parameterization.Parameters);
            parameterization.Parameters[parameterization.RealIndex(0, 0, kx)] = 1f;
            return ParameterizationChecks.Render(parameterization).Data.Max(Math.Abs);
        }
        // 1/f: frequency 8 times higher, amplitude 8 times smaller (float32: 1e-5 relative).
        Assert.Equal(8.0, Amplitude(1) / Amplitude(8), 4);
        Assert.Equal(4.0, Amplitude(4) / Amplitude(16), 4);
        // Below 1/max(W,H) the scale stops growing: the DC coefficient (no pair, m = 1) gets half the
        // weight of the lowest pair, instead of an infinite one.
        Assert.Equal(0.5, parameterization.CoefficientWeight(0, 0) / parameterization.CoefficientWeight(0, 1), 6);
        // Diagonal frequency (3,4) has |f| = 5/64, the same weight as (0,5) and (5,0) pairs... all m = 2.
        Assert.Equal(parameterization.CoefficientWeight(0, 5), parameterization.CoefficientWeight(3, 4), 6);
        Assert.Equal(parameterization.CoefficientWeight(0, 5), parameterization.CoefficientWeight(64 - 3, 4), 6);
    }

    [Fact]
    public void HasTheRealFftLayoutAndLucidsInitialNoise()
    {
        var parameterization = new FourierParameterization(3, 40, 30, new Random(5));
        Assert.Equal((3, 40, 30), parameterization.ImageSize);
        Assert.Equal(16, parameterization.SpectrumWidth);
        Assert.Equal(2 * 3 * 40 * 16, parameterization.Parameters.Length);
        Assert.Equal(3 * 40 * 16, parameterization.ImaginaryIndex(0, 0, 0));
        double sd = Math.Sqrt(parameterization.Parameters.Average(v => (double)v * v));
        // 3840 normal draws: the sample sd is within ~1.1% of 0.01 (one standard error); allow 5%.
        Assert.InRange(sd, 0.0095, 0.0105);
    }

    [Fact]
    public void TheSameSeedGivesTheSameImageAndAnotherSeedADifferentOne()
    {
        float[] RenderWithSeed(int seed) => ParameterizationChecks.Render(new FourierParameterization(3, 24, 24, new Random(seed))).Data;
        Assert.Equal(RenderWithSeed(7), RenderWithSeed(7));
        Assert.NotEqual(RenderWithSeed(7), RenderWithSeed(8));
    }

    [Fact]
    public void ANonPositiveSizeIsAUserError()
    {
        var error = Assert.Throws<ConvLensException>(() => new FourierParameterization(3, 0, 10, new Random(1)));
        Assert.Contains("3x0x10", error.Message);
    }

    private static void ImageMapChecksRandomise(FourierParameterization parameterization, Random random) =>
        Transforms.ImageMapChecks.Uniform(random, parameterization.Parameters.Length).CopyTo(parameterization.Parameters, 0);

    /// <summary>numpy's fftfreq(n)[i]: i/n up to the middle, then (i − n)/n.</summary>
    private static double FftFrequency(int i, int n) => (i <= (n - 1) / 2 ? i : i - n) / (double)n;

    /// <summary>Lucid's spectrum scale: sqrt(W·H)/max(|f|, 1/max(W,H)).</summary>
    private static double ReferenceScale(int height, int width, int ky, int kx)
    {
        double fy = FftFrequency(ky, height), fx = FftFrequency(kx, width);
        return Math.Sqrt((double)width * height) / Math.Max(Math.Sqrt(fx * fx + fy * fy), 1.0 / Math.Max(width, height));
    }

    /// <summary>Lucid's fft_image in double with Math.NET: scale the spectrum, irfft2 (ifft down columns, inverse real FFT along rows), ÷4.</summary>
    private static double[] ReferenceRender(FourierParameterization parameterization, int channels, int height, int width)
    {
        int k = width / 2 + 1;
        var image = new double[channels * height * width];
        for (int c = 0; c < channels; c++)
        {
            var columns = new Complex[k][];
            for (int kx = 0; kx < k; kx++)
            {
                columns[kx] = new Complex[height];
                for (int ky = 0; ky < height; ky++)
                {
                    double scale = ReferenceScale(height, width, ky, kx);
                    columns[kx][ky] = scale * new Complex(parameterization.Parameters[parameterization.RealIndex(c, ky, kx)],
                        parameterization.Parameters[parameterization.ImaginaryIndex(c, ky, kx)]);
                }
                Fourier.Inverse(columns[kx], FourierOptions.NoScaling);
            }
            for (int y = 0; y < height; y++)
            {
                // Math.NET's packed half spectrum: (re, im) per column, N+2 values (N even) or N+1 (N odd).
                var packed = new double[width % 2 == 0 ? width + 2 : width + 1];
                for (int kx = 0; kx < k; kx++)
                {
                    packed[2 * kx] = columns[kx][y].Real;
                    packed[2 * kx + 1] = columns[kx][y].Imaginary;
                }
                Fourier.InverseReal(packed, width, FourierOptions.NoScaling);
                for (int x = 0; x < width; x++) image[(c * height + y) * width + x] = packed[x] / (4.0 * height * width);
            }
        }
        return image;
    }

    /// <summary>Unscaled rfft2 with Math.NET: forward real FFT along rows, then a complex FFT down each column.</summary>
    private static Complex[,] ReferenceForwardRealFft2(float[] plane, int height, int width)
    {
        int k = width / 2 + 1;
        var rows = new Complex[height, k];
        for (int y = 0; y < height; y++)
        {
            var packed = new double[width % 2 == 0 ? width + 2 : width + 1];
            for (int x = 0; x < width; x++) packed[x] = plane[y * width + x];
            Fourier.ForwardReal(packed, width, FourierOptions.NoScaling);
            for (int kx = 0; kx < k; kx++) rows[y, kx] = new Complex(packed[2 * kx], packed[2 * kx + 1]);
        }
        var spectrum = new Complex[height, k];
        for (int kx = 0; kx < k; kx++)
        {
            var column = new Complex[height];
            for (int y = 0; y < height; y++) column[y] = rows[y, kx];
            Fourier.Forward(column, FourierOptions.NoScaling);
            for (int ky = 0; ky < height; ky++) spectrum[ky, kx] = column[ky];
        }
        return spectrum;
    }
}
