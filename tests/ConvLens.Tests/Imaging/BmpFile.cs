using System.Buffers.Binary;

namespace ConvLens.Tests.Imaging;

/// <summary>Writes 24-bit uncompressed BMP files (Skia reads BMP but cannot write it).</summary>
internal static class BmpFile
{
    /// <summary>A bottom-up BGR bitmap of the colours <paramref name="color"/> gives each pixel (x, y from the top).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B)> color)
    {
        int stride = (width * 3 + 3) / 4 * 4; // rows are padded to 4 bytes
        int imageSize = stride * height;
        var file = new byte[54 + imageSize];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), 54);   // pixel data offset
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);   // BITMAPINFOHEADER size
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height); // positive: last row first
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);    // planes
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), 24);   // bits per pixel; compression stays 0
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(34), imageSize);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(38), 2835); // 72 dpi
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(42), 2835);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + (height - 1 - y) * stride;
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = color(x, y);
                (file[row + 3 * x], file[row + 3 * x + 1], file[row + 3 * x + 2]) = (b, g, r);
            }
        }
        return file;
    }
}
