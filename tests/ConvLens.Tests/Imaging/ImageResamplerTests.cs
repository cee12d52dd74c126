using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>Resizing to the model's input: both modes, interpolation and antialiasing.</summary>
public sealed class ImageResamplerTests
{
    // Weights are normalised in double and the result stored as float: 1e-4 of a 0..255 level is far
    // above that rounding and far below any filtering mistake.
    private const float Tolerance = 1e-4f;

    private static RgbImage Pattern(int width, int height, Func<int, int, (byte, byte, byte)> colour)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                (pixels[(y * width + x) * 3], pixels[(y * width + x) * 3 + 1], pixels[(y * width + x) * 3 + 2]) = colour(x, y);
        return new RgbImage(width, height, pixels);
    }

    private static (byte, byte, byte) Unique(int x, int y) => ((byte)(x * 7 + y), (byte)(y * 11 + x), (byte)(x * y % 251));

    [Fact]
    public void SameSizeIsAnExactCopy()
    {
        var image = Pattern(13, 9, Unique);
        Assert.Equal(image.ToChw(), ImageResampler.Resize(image, 13, 9, ResizeMode.Stretch));
    }

    [Fact]
    public void EnlargingInterpolatesBilinearlyBetweenPixelCentres()
    {
        var image = Pattern(2, 1, (x, _) => x == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255));
        var output = ImageResampler.Resize(image, 4, 1, ResizeMode.Stretch);
        // Output centres fall at source positions 0.25, 0.75, 1.25, 1.75 (pixel centres at 0.5 and 1.5);
        // the ends clamp to the edge pixels.
        Assert.Equal([0f, 63.75f, 191.25f, 255f], output[..4]);
    }

    [Fact]
    public void ShrinkingStripesEightTimesGivesMidGreyNotAliasing()
    {
        // Alternating black and white columns: point sampling would return all black or all white (or
        // moiré); an antialiasing filter must average them to 127.5. Inside, the filter's window holds
        // equal weights on black and white: exactly 127.5. At the left and right edges half the window
        // falls outside the image and the rest is renormalised, which tips the balance by under 5 levels.
        var image = Pattern(256, 256, (x, _) => x % 2 == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255));
        var output = ImageResampler.Resize(image, 32, 32, ResizeMode.Stretch);
        for (int i = 0; i < output.Length; i++)
        {
            int x = i % 32;
            if (x is 0 or 31) Assert.InRange(output[i], 122.5f, 132.5f);
            else Assert.Equal(127.5f, output[i], Tolerance);
        }
    }

    [Fact]
    public void ShrinkingCheckerboardByANonIntegerFactorStaysNearGrey()
    {
        // A 1-pixel checkerboard shrunk by 1000/224 ≈ 4.46: point sampling would give pure black or white
        // (or moiré). The triangle window spans ~18 source pixels, so at a non-integer factor black and white
        // weights can differ by at most a small share of the window; ±5 levels around 127.5 allows for that.
        var image = Pattern(1000, 1000, (x, y) => (x + y) % 2 == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255));
        var output = ImageResampler.Resize(image, 224, 224, ResizeMode.Stretch);
        Assert.All(output, v => Assert.InRange(v, 122.5f, 132.5f));
    }

    [Fact]
    public void StretchMapsTheWholeImageAndChangesTheAspect()
    {
        // Left half red, right half blue, 40 × 20 into 10 × 10.
        var image = Pattern(40, 20, (x, _) => x < 20 ? ((byte)255, (byte)0, (byte)0) : ((byte)0, (byte)0, (byte)255));
        var output = ImageResampler.Resize(image, 10, 10, ResizeMode.Stretch);
        for (int y = 0; y < 10; y++)
        {
            Assert.Equal(255f, output[y * 10], Tolerance);          // red plane, first column
            Assert.Equal(0f, output[y * 10 + 9], Tolerance);        // red plane, last column
            Assert.Equal(255f, output[200 + y * 10 + 9], Tolerance); // blue plane, last column
        }
    }

    [Fact]
    public void CenterCropOfAWideImageKeepsTheMiddleColumns()
    {
        // 30 × 10 into 10 × 10: the scale is 1, so the output is exactly columns 10..19.
        var image = Pattern(30, 10, Unique);
        var output = ImageResampler.Resize(image, 10, 10, ResizeMode.ShorterSideCenterCrop);
        var expected = Pattern(10, 10, (x, y) => Unique(x + 10, y)).ToChw();
        Assert.Equal(expected, output);
    }

    [Fact]
    public void CenterCropOfATallImageKeepsTheMiddleRows()
    {
        var image = Pattern(10, 30, Unique);
        var output = ImageResampler.Resize(image, 10, 10, ResizeMode.ShorterSideCenterCrop);
        Assert.Equal(Pattern(10, 10, (x, y) => Unique(x, y + 10)).ToChw(), output);
    }

    [Fact]
    public void CenterCropScalesTheShorterSideToTheTarget()
    {
        // 640 × 480 into 224 × 224: the 480 × 480 centre (columns 80..559) is scaled by 224/480. Columns
        // outside it are red, inside green; only the outermost output columns may see a trace of red
        // through the filter's reach (one output pixel), so the columns in between are pure green.
        var image = Pattern(640, 480, (x, _) => x is >= 80 and < 560 ? ((byte)0, (byte)255, (byte)0) : ((byte)255, (byte)0, (byte)0));
        var output = ImageResampler.Resize(image, 224, 224, ResizeMode.ShorterSideCenterCrop);
        Assert.Equal(3 * 224 * 224, output.Length);
        for (int y = 0; y < 224; y++)
            for (int x = 1; x < 223; x++)
                Assert.Equal(255f, output[224 * 224 + y * 224 + x], Tolerance);
        var box = ImageResampler.SourceBox(640, 480, 224, 224, ResizeMode.ShorterSideCenterCrop);
        Assert.Equal((80.0, 480.0, 0.0, 480.0), box);
    }

    [Fact]
    public void CenterCropToANonSquareTargetKeepsTheTargetAspect()
    {
        var box = ImageResampler.SourceBox(400, 400, 200, 100, ResizeMode.ShorterSideCenterCrop);
        Assert.Equal((0.0, 400.0, 100.0, 200.0), box);
    }

    [Fact]
    public void ResizeModeNamesParse()
    {
        Assert.Equal(ResizeMode.Stretch, ResizeModes.Parse("stretch"));
        Assert.Equal(ResizeMode.ShorterSideCenterCrop, ResizeModes.Parse("Shorter-Side+Center-Crop"));
        Assert.Equal("shorter-side+center-crop", ResizeModes.NameOf(ResizeMode.ShorterSideCenterCrop));
        var error = Assert.Throws<ConvLensException>(() => ResizeModes.Parse("crop"));
        Assert.Contains("stretch, shorter-side+center-crop", error.Message);
    }
}
