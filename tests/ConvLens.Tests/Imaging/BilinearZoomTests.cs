using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>
/// The upsampling of activation maps against <c>scipy.ndimage.zoom(order=1)</c>'s definition: output size
/// <c>round(n·zoom)</c>, output index i reads input coordinate <c>i·(n−1)/(m−1)</c>, linear in between.
/// </summary>
public sealed class BilinearZoomTests
{
    [Fact]
    public void ASmallGridZoomsToTheValuesOfZoomsFormula()
    {
        // [[0, 1, 2], [3, 4, 5]] zoomed by (2.5, 5/3): 5 × 5. Row i reads input row i·(2−1)/(5−1) = i/4 and
        // column j reads input column j·(3−1)/(5−1) = j/2, so the value is 3·(i/4) + j/2 (the grid is
        // linear in both directions).
        float[] grid = [0, 1, 2, 3, 4, 5];
        var zoomed = BilinearZoom.Zoom(grid, 2, 3, 2.5, 5.0 / 3, out int height, out int width);
        Assert.Equal((5, 5), (height, width));
        float[] expected =
        [
            0.00f, 0.50f, 1.00f, 1.50f, 2.00f,
            0.75f, 1.25f, 1.75f, 2.25f, 2.75f,
            1.50f, 2.00f, 2.50f, 3.00f, 3.50f,
            2.25f, 2.75f, 3.25f, 3.75f, 4.25f,
            3.00f, 3.50f, 4.00f, 4.50f, 5.00f,
        ];
        // Every expected value is a multiple of 1/4, exact in float: the interpolation must hit it to rounding.
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], zoomed[i], 1e-6);
    }

    [Fact]
    public void ANonLinearGridInterpolatesBetweenItsFourNeighbours()
    {
        // [[1, 0], [0, 0]] to 3 × 3: the centre reads (0.5, 0.5), a quarter of the corner; the edge
        // midpoints read (0, 0.5) and (0.5, 0), half of it.
        var zoomed = BilinearZoom.Resize([1, 0, 0, 0], 2, 2, 3, 3);
        float[] expected = [1, 0.5f, 0, 0.5f, 0.25f, 0, 0, 0, 0];
        Assert.Equal(expected, zoomed);
    }

    [Theory]
    [InlineData(14, 16.0, 224)]          // the notebook's 14 → 224
    [InlineData(7, 32.0 / 7, 32)]
    [InlineData(3, 0.5, 2)]              // round(1.5) = 2 (halves to even, as Python)
    [InlineData(5, 0.5, 2)]              // round(2.5) = 2
    [InlineData(7, 375.0 / 7, 375)]
    public void TheOutputSizeIsRoundedAsScipyRoundsIt(int size, double zoom, int expected) =>
        Assert.Equal(expected, BilinearZoom.OutputSize(size, zoom));

    [Fact]
    public void TheCornersLandExactlyOnTheInputCornersAtAnyAspect()
    {
        var random = new Random(3);
        var grid = Enumerable.Range(0, 7 * 5).Select(_ => (float)random.NextDouble()).ToArray();
        // 375 / 7 puts the last row's coordinate a hair past 6 in floating point; scipy's default mode then
        // zeroes that row. The last row here must equal the input's last row.
        var zoomed = BilinearZoom.Resize(grid, 7, 5, 375, 500);
        Assert.Equal(grid[0], zoomed[0]);
        Assert.Equal(grid[4], zoomed[499]);
        Assert.Equal(grid[30], zoomed[374 * 500]);
        Assert.Equal(grid[34], zoomed[374 * 500 + 499]);
    }

    [Fact]
    public void OneSampleSpreadsEverywhereAndOneOutputTakesTheFirstSample()
    {
        Assert.Equal(Enumerable.Repeat(4f, 6), BilinearZoom.Resize([4], 1, 1, 2, 3));
        Assert.Equal([7f], BilinearZoom.Resize([7, 8, 9, 10], 2, 2, 1, 1));
    }

    [Fact]
    public void AWrongNumberOfValuesIsRefused() =>
        Assert.Throws<ArgumentException>(() => BilinearZoom.Resize([1, 2, 3], 2, 2, 4, 4));
}
