using ConvLens.Visualization;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class ImageDisplayTests
{
    [Fact]
    public void StdIsTheNotebooksDeprocessFormula()
    {
        float[] values = [-10, 0, 10, 20];
        // mean 5, population std √125 ≈ 11.18: ((x − 5)/(11.18 + 0.001))·0.15 + 0.5, ×255.
        double std = Math.Sqrt(125);
        var shown = ImageDisplay.Standardize(values);
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(((values[i] - 5) / (std + 1e-3) * 0.15 + 0.5) * 255, shown[i], 1e-3); // float32 output: 1e-3
        // Two outliers among 98 zeros lie 7 deviations out: 0.5 ± 7·0.15 leaves 0..1, so they are clipped.
        var outliers = new float[100];
        (outliers[0], outliers[99]) = (-1000, 1000);
        var clipped = ImageDisplay.Standardize(outliers);
        Assert.Equal((0f, 255f), (clipped[0], clipped[99]));
    }

    [Fact]
    public void MaxStretchesMinimumToZeroAndMaximumTo255()
    {
        Assert.Equal([0f, 63.75f, 255f], ImageDisplay.Stretch([2, 3, 6]));
        Assert.Equal([127.5f, 127.5f], ImageDisplay.Stretch([4, 4]));
    }

    [Fact]
    public void NotebookDisplayShowsThePreprocessedChannelsInTheModelsOrder()
    {
        // One pixel, BGR preprocessed values (B high): true colours show it blue, the notebook's picture red.
        float[] pixels = [0, 0, 200];       // R, G, B
        float[] preprocessed = [200, 0, 0]; // B, G, R as a Caffe model takes them
        var image = new FeatureVisualization("x", pixels, preprocessed, 1, 1, [0.0]);
        var trueColours = image.ToImage(DisplayNormalization.Std);
        var notebook = image.ToImage(DisplayNormalization.Notebook);
        Assert.True(trueColours[0, 0].B > trueColours[0, 0].R);
        Assert.True(notebook[0, 0].R > notebook[0, 0].B);
        Assert.Equal((0, 0, 200), ((int)image.ToImage(DisplayNormalization.Pixels)[0, 0].R, (int)image.ToImage(DisplayNormalization.Pixels)[0, 0].G, (int)image.ToImage(DisplayNormalization.Pixels)[0, 0].B));
    }
}
