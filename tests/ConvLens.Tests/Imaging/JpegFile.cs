namespace ConvLens.Tests.Imaging;

/// <summary>
/// Writes baseline JPEG files made of flat 8×8 blocks, byte by byte: any number of components (1 for
/// grayscale, 4 for Adobe CMYK, which Skia can read but not write), no chroma subsampling, a quantisation
/// table of ones and only DC coefficients. A flat block's DC coefficient is 8·(v − 128), so every decoder
/// reproduces the stored samples exactly. Also inserts an EXIF orientation into any JPEG.
/// </summary>
internal static class JpegFile
{
    // The standard luminance DC table (JPEG Annex K.3): code counts per length 1..16, then the categories.
    private static readonly byte[] DcCounts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    /// <summary>
    /// A JPEG of <paramref name="blocksX"/> × <paramref name="blocksY"/> flat blocks whose stored sample for
    /// component c of block (bx, by) is <paramref name="sample"/>(bx, by, c). With four components an Adobe
    /// marker (transform 0) declares CMYK; by convention such files store inverted ink (255 − ink).
    /// </summary>
    public static byte[] EncodeFlatBlocks(int blocksX, int blocksY, int components, Func<int, int, int, byte> sample)
    {
        var file = new List<byte> { 0xFF, 0xD8 };
        if (components == 4)
            Segment(file, 0xEE, [.. "Adobe"u8.ToArray(), 0, 100, 0, 0, 0, 0, 0]); // version 100, no flags, transform 0
        Segment(file, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new List<byte> { 8, (byte)(blocksY * 8 >> 8), (byte)(blocksY * 8), (byte)(blocksX * 8 >> 8), (byte)(blocksX * 8), (byte)components };
        for (int c = 0; c < components; c++) frame.AddRange([(byte)(c + 1), 0x11, 0]);
        Segment(file, 0xC0, [.. frame]);
        Segment(file, 0xC4, [0x00, .. DcCounts, .. DcSymbols]);                       // DC table 0
        Segment(file, 0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]); // AC table 0: only end-of-block, code "0"
        var scan = new List<byte> { (byte)components };
        for (int c = 0; c < components; c++) scan.AddRange([(byte)(c + 1), 0x00]);
        scan.AddRange([0, 63, 0]);
        Segment(file, 0xDA, [.. scan]);

        var dcCodes = CanonicalCodes(DcCounts, DcSymbols);
        var bits = new BitWriter(file);
        var previous = new int[components];
        for (int by = 0; by < blocksY; by++)
            for (int bx = 0; bx < blocksX; bx++)
                for (int c = 0; c < components; c++)
                {
                    int dc = 8 * (sample(bx, by, c) - 128);
                    int diff = dc - previous[c];
                    previous[c] = dc;
                    int category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                    var (code, length) = dcCodes[category];
                    bits.Write(code, length);
                    // Negative differences are sent as diff − 1 in `category` bits (one's complement).
                    if (category > 0) bits.Write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
                    bits.Write(0, 1); // end of block: every AC coefficient is zero
                }
        bits.Flush();
        file.AddRange([0xFF, 0xD9]);
        return file.ToArray();
    }

    /// <summary><paramref name="jpeg"/> with an EXIF APP1 segment holding only the orientation tag, right after SOI.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        if (jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new ArgumentException("not a JPEG", nameof(jpeg));
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,           // big-endian TIFF header, first IFD at offset 8
            0, 1,                                             // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,                     // tag 0x0112 Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0, // value, padded to 4 bytes
            0, 0, 0, 0,                                       // no next IFD
        ];
        var app1 = new List<byte>();
        Segment(app1, 0xE1, [.. "Exif\0\0"u8.ToArray(), .. tiff]);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    private static void Segment(List<byte> file, byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        file.AddRange([0xFF, marker, (byte)(length >> 8), (byte)length]);
        file.AddRange(payload);
    }

    /// <summary>Huffman codes from code counts per length (JPEG Annex C), by symbol.</summary>
    private static Dictionary<int, (int Code, int Length)> CanonicalCodes(byte[] counts, byte[] symbols)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++) codes[symbols[k++]] = (code++, length);
            code <<= 1;
        }
        return codes;
    }

    /// <summary>Most-significant-bit-first writer with JPEG byte stuffing (0xFF is followed by 0x00).</summary>
    private sealed class BitWriter(List<byte> output)
    {
        private int _buffer, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = _buffer << 1 | (value >> i & 1);
                if (++_count == 8) Emit();
            }
        }

        public void Flush()
        {
            while (_count != 0) Write(1, 1); // pad the last byte with ones
        }

        private void Emit()
        {
            output.Add((byte)_buffer);
            if (_buffer == 0xFF) output.Add(0);
            _buffer = 0;
            _count = 0;
        }
    }
}
