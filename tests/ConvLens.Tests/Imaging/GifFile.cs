namespace ConvLens.Tests.Imaging;

/// <summary>
/// Writes GIF files (Skia reads GIF but cannot write it): a 4-colour global palette and one or more
/// frames. The LZW stream sends every pixel as a literal code and a clear code after every two, so the
/// code width never grows: valid for any decoder, and tiny for test images.
/// </summary>
internal static class GifFile
{
    /// <summary>A GIF whose frames are given as palette indices (0..3), row by row, each frame full size.</summary>
    public static byte[] Encode(int width, int height, (byte R, byte G, byte B)[] palette, params byte[][] frames)
    {
        if (palette.Length != 4) throw new ArgumentException("the writer uses a 4-entry palette", nameof(palette));
        var file = new List<byte>();
        file.AddRange("GIF89a"u8.ToArray());
        AddShort(file, width);
        AddShort(file, height);
        file.Add(0xF1); // global colour table, 8-bit colour resolution, 2^(1+1) = 4 entries
        file.Add(0);    // background colour index
        file.Add(0);    // pixel aspect ratio
        foreach (var (r, g, b) in palette) file.AddRange([r, g, b]);
        foreach (var frame in frames)
        {
            file.AddRange([0x21, 0xF9, 4, 0x04, 10, 0, 0, 0]); // graphic control: disposal "do not dispose", 0.1 s
            file.Add(0x2C);
            AddShort(file, 0);
            AddShort(file, 0);
            AddShort(file, width);
            AddShort(file, height);
            file.Add(0); // no local colour table, not interlaced
            file.Add(2); // LZW minimum code size
            var data = Lzw(frame);
            for (int i = 0; i < data.Count; i += 255)
            {
                int n = Math.Min(255, data.Count - i);
                file.Add((byte)n);
                file.AddRange(data.GetRange(i, n));
            }
            file.Add(0); // block terminator
        }
        file.Add(0x3B); // trailer
        return file.ToArray();
    }

    private static List<byte> Lzw(byte[] indices)
    {
        const int clear = 4, end = 5, width = 3;
        var codes = new List<int>();
        for (int i = 0; i < indices.Length; i++)
        {
            if (i % 2 == 0) codes.Add(clear);
            codes.Add(indices[i]);
        }
        codes.Add(end);
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var code in codes)
        {
            buffer |= code << bits; // codes are packed least significant bit first
            bits += width;
            while (bits >= 8)
            {
                bytes.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0) bytes.Add((byte)buffer);
        return bytes;
    }

    private static void AddShort(List<byte> file, int value)
    {
        file.Add((byte)value);
        file.Add((byte)(value >> 8));
    }
}
