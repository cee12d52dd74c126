using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Models.Preprocessing;

/// <summary>Each preset's numbers on known pixels, its inverse, and the packaged ResNet18's mean image.</summary>
public sealed class PreprocessPresetTests
{
    /// <summary>One pixel (R, G, B) = (255, 128, 0) as a (1, 3, 1, 1) batch.</summary>
    private static FloatTensor KnownPixel() => new([255f, 128f, 0f], 1, 3, 1, 1);

    /// <summary>
    /// The expected outputs, worked out by hand in double from each library's definition. Float32 holds
    /// about 7 significant digits: 2e-6 of max(1, |value|) covers its rounding of constants and results.
    /// </summary>
    [Theory]
    [InlineData("caffe", 0 - 103.939, 128 - 116.779, 255 - 123.68)]                                         // B, G, R
    [InlineData("torch", (1 - 0.485) / 0.229, (128 / 255.0 - 0.456) / 0.224, (0 - 0.406) / 0.225)]           // R, G, B
    [InlineData("tf", 255 / 127.5 - 1, 128 / 127.5 - 1, 0 / 127.5 - 1)]
    [InlineData("none", 255.0, 128.0, 0.0)]
    public void KnownPixelGetsTheLibraryDefinedValues(string name, double c0, double c1, double c2)
    {
        var preset = PreprocessingPresets.Get(name);
        var output = preset.ToPreprocessed(KnownPixel()).Data;
        double[] expected = [c0, c1, c2];
        for (int c = 0; c < 3; c++)
            Assert.True(Math.Abs(output[c] - expected[c]) <= 2e-6 * Math.Max(1, Math.Abs(expected[c])),
                $"{name} channel {c}: {output[c]} vs {expected[c]}");
    }

    [Theory]
    [InlineData("caffe")]
    [InlineData("torch")]
    [InlineData("tf")]
    [InlineData("none")]
    [InlineData("resnet18-featurizer")]
    public void ToPixelsUndoesToPreprocessed(string name)
    {
        const int seed = 21;
        var preset = PreprocessingPresets.Get(name);
        int size = preset.HasMeanImage ? preset.OffsetHeight : 7;
        var rng = new Random(seed);
        var pixels = new FloatTensor(Enumerable.Range(0, 2 * 3 * size * size).Select(_ => (float)(rng.NextDouble() * 255)).ToArray(), 2, 3, size, size);
        var back = preset.ToPixels(preset.ToPreprocessed(pixels));
        // A subtraction and a division there and back: a few float32 roundings of values up to 255 (1e-4).
        for (int i = 0; i < pixels.Length; i++)
            Assert.True(Math.Abs(back.Data[i] - pixels.Data[i]) < 1e-4, $"seed {seed}, {name}: element {i} {back.Data[i]} vs {pixels.Data[i]}");
    }

    [Fact]
    public void CaffeAndFeaturizerReverseTheChannelsAndTheOthersKeepThem()
    {
        Assert.True(PreprocessingPresets.Get("caffe").RgbToBgr);
        Assert.True(PreprocessingPresets.Get("resnet18-featurizer").RgbToBgr);
        Assert.False(PreprocessingPresets.Get("torch").RgbToBgr);
        Assert.False(PreprocessingPresets.Get("tf").RgbToBgr);
        Assert.True(PreprocessingPresets.Get("none").IsIdentity);
    }

    [Fact]
    public void UnknownPresetListsTheValidOnes()
    {
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Get("imagenet"));
        Assert.Contains("'imagenet'", error.Message);
        Assert.Contains("caffe, torch, tf, resnet18-featurizer, none", error.Message);
    }

    [Fact]
    public void PresetNamesAreCaseInsensitive() => Assert.Equal("caffe", PreprocessingPresets.Get(" Caffe ").Name);

    [Fact]
    public void FeaturizerMeanImageIsTheCntkOneInBgrOrder()
    {
        var (bgr, height, width) = FeaturizerMeanImage.Load();
        Assert.Equal((224, 224), (height, width));
        int plane = height * width;
        var means = Enumerable.Range(0, 3).Select(c => bgr.AsSpan(c * plane, plane).ToArray().Average()).ToArray();
        // The ImageNet channel means, blue first (measured from the file: 103.1, 115.9, 123.2); 0.2 tolerates their rounding.
        Assert.Equal(103.1, means[0], 0.2);
        Assert.Equal(115.9, means[1], 0.2);
        Assert.Equal(123.2, means[2], 0.2);
        // A mean image, not three constants: it varies across the picture.
        Assert.True(bgr.AsSpan(0, plane).ToArray().Max() - bgr.AsSpan(0, plane).ToArray().Min() > 1);
    }

    [Fact]
    public void MeanImagePresetRefusesOtherSizes()
    {
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Get("resnet18-featurizer").ToPreprocessed(FloatTensor.Zeros(1, 3, 32, 32)));
        Assert.Contains("224 × 224 mean image", error.Message);
    }

    [Fact]
    public void PresetsNeedThreeChannelBatches()
    {
        var error = Assert.Throws<ConvLensException>(() => PreprocessingPresets.Get("torch").ToPreprocessed(FloatTensor.Zeros(1, 1, 4, 4)));
        Assert.Contains("(N, 3, H, W)", error.Message);
    }

    [Fact]
    public void MissingPreprocessingModelIsReportedWithItsPath()
    {
        var path = Path.Combine(TestFiles.TempFolder(), "missing.onnx");
        var error = Assert.Throws<ConvLensException>(() => FeaturizerMeanImage.Load(path));
        Assert.Contains(path, error.Message);
    }
}
