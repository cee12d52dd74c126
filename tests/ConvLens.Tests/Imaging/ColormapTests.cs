using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

public sealed class ColormapTests
{
    [Theory]
    // Entries read from matplotlib 3.6.3: cmap(i, bytes=True).
    [InlineData("viridis", 0, 68, 1, 84)]
    [InlineData("viridis", 128, 32, 144, 140)]
    [InlineData("viridis", 255, 253, 231, 36)]
    [InlineData("coolwarm", 0, 58, 76, 192)]
    [InlineData("coolwarm", 255, 179, 3, 38)]
    [InlineData("jet", 0, 0, 0, 127)]
    [InlineData("jet", 255, 127, 0, 0)]
    [InlineData("magma", 0, 0, 0, 3)]
    [InlineData("magma", 255, 251, 252, 191)]
    [InlineData("gray", 77, 77, 77, 77)]
    public void TablesHoldMatplotlibsColours(string name, int index, int r, int g, int b) =>
        Assert.Equal(((byte)r, (byte)g, (byte)b), Colormaps.Get(name)[index]);

    [Fact]
    public void GrayIsTheIdentityUpToMatplotlibsTruncation()
    {
        // matplotlib truncates lut · 255, and i / 255 · 255 lands just below i for 24 entries (33 → 32 is the first).
        for (int i = 0; i < Colormap.Size; i++)
        {
            var (r, g, b) = Colormaps.Gray[i];
            Assert.True(r == g && g == b && (r == i || r == i - 1), $"gray[{i}] = ({r}, {g}, {b})");
        }
        Assert.Equal(((byte)32, (byte)32, (byte)32), Colormaps.Gray[33]);
    }

    [Theory]
    // matplotlib: index = floor(value · 256), 1.0 and above the last entry, below 0 (and NaN here) the first.
    [InlineData(0.0, 0)]
    [InlineData(0.5, 128)]
    [InlineData(0.00390624, 0)]
    [InlineData(0.00390625, 1)]
    [InlineData(0.999, 255)]
    [InlineData(1.0, 255)]
    [InlineData(7.0, 255)]
    [InlineData(-0.1, 0)]
    [InlineData(double.NaN, 0)]
    public void ValuesMapToIndicesAsMatplotlibMapsThem(double value, int index) => Assert.Equal(index, Colormap.IndexOf(value));

    [Fact]
    public void NamesAreCaseInsensitiveAndUnknownNamesListTheChoices()
    {
        Assert.Same(Colormaps.Jet, Colormaps.Get(" JET "));
        Assert.Equal(["viridis", "coolwarm", "jet", "magma", "gray"], Colormaps.Names);
        var error = Assert.Throws<ConvLensException>(() => Colormaps.Get("rainbow"));
        Assert.Contains("viridis, coolwarm, jet, magma, gray", error.Message);
    }
}
