using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

/// <summary>EXIF orientation, from a tag inserted into a real JPEG file.</summary>
public sealed class ImageOrientationTests
{
    private readonly ImageFiles _files = new();

    // The stored picture is a 3 × 2 grid of flat 8×8 blocks, A B C over D E F, each a distinct gray.
    private static readonly Dictionary<char, byte> Gray = new() { ['A'] = 10, ['B'] = 50, ['C'] = 90, ['D'] = 130, ['E'] = 170, ['F'] = 210 };

    /// <summary>How each EXIF orientation must look on screen, written out from the tag's definition.</summary>
    [Theory]
    [InlineData(1, "ABC/DEF")] // upright
    [InlineData(2, "CBA/FED")] // mirrored left-right
    [InlineData(3, "FED/CBA")] // upside down
    [InlineData(4, "DEF/ABC")] // mirrored top-bottom
    [InlineData(5, "AD/BE/CF")] // transposed
    [InlineData(6, "DA/EB/FC")] // stored turned 90° counter-clockwise: turn it clockwise
    [InlineData(7, "FC/EB/DA")] // transverse
    [InlineData(8, "CF/BE/AD")] // stored turned 90° clockwise: turn it counter-clockwise
    public void OrientationTagTurnsThePictureUpright(int orientation, string expected)
    {
        string[] stored = ["ABC", "DEF"];
        var jpeg = JpegFile.EncodeFlatBlocks(3, 2, 1, (bx, by, _) => Gray[stored[by][bx]]);
        var path = _files.Write($"orientation{orientation}.jpg", JpegFile.WithExifOrientation(jpeg, (ushort)orientation));
        var image = ImageLoader.Decode(path);
        var rows = expected.Split('/');
        Assert.Equal((rows[0].Length * 8, rows.Length * 8), (image.Width, image.Height));
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                var want = Gray[rows[y / 8][x / 8]];
                Assert.True(image[x, y] == (want, want, want), $"orientation {orientation}: pixel ({x}, {y}) is {image[x, y]}, expected block {rows[y / 8][x / 8]} = {want}");
            }
    }

    [Fact]
    public void LoadResizesTheUprightPicture()
    {
        // A 16 × 8 stored picture tagged 6 is 8 wide and 16 tall on screen: the left block ends up on top.
        var jpeg = JpegFile.EncodeFlatBlocks(2, 1, 1, (bx, _, _) => bx == 0 ? (byte)40 : (byte)220);
        var path = _files.Write("portrait.jpg", JpegFile.WithExifOrientation(jpeg, 6));
        var loaded = ImageLoader.Load(path, 4, 8);
        Assert.Equal((8, 16), (loaded.Original.Width, loaded.Original.Height));
        // Filter weights are normalised in double: a flat region comes out within rounding of its value.
        Assert.Equal(40f, loaded.Pixels[0], 1e-4f);          // top-left of the red plane
        Assert.Equal(220f, loaded.Pixels[4 * 8 - 1], 1e-4f); // bottom-right of the red plane
    }
}
