using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using Xunit;

namespace ConvLens.Tests.Visualization.Parameterization;

public class ImageParameterizationFactoryTests
{
    [Theory]
    [InlineData(ImageParameterizationKind.Pixel, false, typeof(PixelParameterization))]
    [InlineData(ImageParameterizationKind.Pixel, true, typeof(PixelParameterization))]
    [InlineData(ImageParameterizationKind.Fourier, false, typeof(FourierParameterization))]
    [InlineData(ImageParameterizationKind.Fourier, true, typeof(FourierParameterization))]
    public void BuildsSigmoidOverOptionalDecorrelationOverTheBasis(ImageParameterizationKind kind, bool decorrelate, Type basis)
    {
        var parameterization = ImageParameterizationFactory.Create(kind, decorrelate, 3, 12, 10, new Random(1));
        var sigmoid = Assert.IsType<SigmoidParameterization>(parameterization);
        var inner = sigmoid.Inner;
        if (decorrelate) inner = Assert.IsType<DecorrelatedColorParameterization>(inner).Inner;
        Assert.IsType(basis, inner);
        Assert.Equal((3, 12, 10), parameterization.ImageSize);
        Assert.All(ParameterizationChecks.Render(parameterization).Data, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(ImageParameterizationKind.Pixel, false)]
    [InlineData(ImageParameterizationKind.Pixel, true)]
    [InlineData(ImageParameterizationKind.Fourier, false)]
    [InlineData(ImageParameterizationKind.Fourier, true)]
    public void TheWholeStackMatchesFiniteDifferences(ImageParameterizationKind kind, bool decorrelate)
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            var parameterization = ImageParameterizationFactory.Create(kind, decorrelate, 3, 9, 8, new Random(seed));
            // Fourier parameters of ±0.3 already give pre-sigmoid values of several units (the DC weight is large).
            ParameterizationChecks.CheckFiniteDifferences(parameterization, seed, scale: kind == ImageParameterizationKind.Fourier ? 0.3 : 2);
        }
    }

    [Fact]
    public void TheModernDefaultStartsNearMidGreyLikeLucid()
    {
        // Noise of sd 0.01 in the spectrum gives pre-sigmoid values near 0, so pixels near 0.5.
        var image = ParameterizationChecks.Render(ImageParameterizationFactory.Create(ImageParameterizationKind.Fourier, true, 3, 64, 64, new Random(3)));
        Assert.All(image.Data, v => Assert.InRange(v, 0.3f, 0.7f));
    }

    [Theory]
    [InlineData("pixel", ImageParameterizationKind.Pixel)]
    [InlineData(" FFT ", ImageParameterizationKind.Fourier)]
    [InlineData("fourier", ImageParameterizationKind.Fourier)]
    public void ParsesTheParamOption(string text, ImageParameterizationKind expected)
    {
        Assert.Equal(expected, ImageParameterizationFactory.ParseKind(text));
        Assert.Equal(expected, ImageParameterizationFactory.ParseKind(ImageParameterizationFactory.ToOptionText(expected)));
    }

    [Fact]
    public void AnUnknownParamIsAUserErrorNamingIt()
    {
        var error = Assert.Throws<ConvLensException>(() => ImageParameterizationFactory.ParseKind("wavelet"));
        Assert.Contains("'wavelet'", error.Message);
        Assert.Contains("pixel", error.Message);
    }
}
