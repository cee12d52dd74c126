using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ConvLens.Tests.Imaging;

/// <summary>
/// Writes PNG files byte by byte (signature, chunks with CRCs, zlib image data), so tests can make every
/// colour type and bit depth — 16-bit, grayscale, palette with transparency — and headers that lie.
/// </summary>
internal static class PngFile
{
    /// <summary>PNG colour types.</summary>
    public const byte Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    /// <summary>
    /// A PNG of <paramref name="width"/> × <paramref name="height"/> whose unfiltered rows are
    /// <paramref name="rows"/> (samples big-endian, packed as the colour type and depth say).
    /// </summary>
    public static byte[] Encode(int width, int height, byte colorType, byte bitDepth, byte[] rows, byte[]? palette = null, byte[]? transparency = null)
    {
        int rowBytes = rows.Length / height;
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(output, "IHDR", Header(width, height, bitDepth, colorType));
        if (palette is not null) WriteChunk(output, "PLTE", palette);
        if (transparency is not null) WriteChunk(output, "tRNS", transparency);
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter type "None"
            raw.Write(rows, y * rowBytes, rowBytes);
        }
        WriteChunk(output, "IDAT", Zlib(raw.ToArray()));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// A valid PNG header claiming <paramref name="width"/> × <paramref name="height"/> RGB pixels, followed by
    /// a few rows of real data: a decompression bomb as far as any header check can tell.
    /// </summary>
    public static byte[] BombHeader(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(output, "IHDR", Header(width, height, 8, Rgb));
        WriteChunk(output, "IDAT", Zlib(new byte[4096]));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>RGB rows of 8-bit samples from a per-pixel colour function.</summary>
    public static byte[] Rgb8Rows(int width, int height, Func<int, int, (byte R, byte G, byte B)> color)
    {
        var rows = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = color(x, y);
                int i = (y * width + x) * 3;
                (rows[i], rows[i + 1], rows[i + 2]) = (r, g, b);
            }
        return rows;
    }

    private static byte[] Header(int width, int height, byte bitDepth, byte colorType)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType; // compression, filter and interlace methods stay 0
        return ihdr;
    }

    private static byte[] Zlib(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typeAndData));
        output.Write(buffer);
    }

    /// <summary>The CRC-32 of PNG chunks (polynomial 0xEDB88320, reflected), bit by bit: tiny files need no table.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
