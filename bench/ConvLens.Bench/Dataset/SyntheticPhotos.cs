using SkiaSharp;

namespace ConvLens.Bench.Dataset;

/// <summary>
/// Writes a folder of photo-like JPEGs: a colour gradient, a dozen soft shapes and per-pixel noise (so
/// the files cost what real photos cost to decode), quality 90, 4:2:0 chroma as cameras write them; every
/// 50th is a one-channel grayscale JPEG, as ImageNet holds a few.
/// </summary>
public static class SyntheticPhotos
{
    /// <summary>Writes <paramref name="count"/> files of <paramref name="width"/> × <paramref name="height"/> into <paramref name="folder"/>, in parallel.</summary>
    /// <returns>Total bytes written.</returns>
    public static long Write(string folder, int count, int width, int height, int seed)
    {
        long bytes = 0;
        Parallel.For(0, count, i =>
        {
            var data = Encode(width, height, seed * 100_003 + i, grayscale: i % 50 == 49);
            // 100 files per sub-folder, like a class folder of ImageNet.
            var path = Path.Combine(folder, $"class{i / 100:d3}", $"img_{i:d5}.jpg");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, data);
            Interlocked.Add(ref bytes, data.Length);
        });
        return bytes;
    }

    private static byte[] Encode(int width, int height, int seed, bool grayscale)
    {
        var random = new Random(seed);
        SKColor RandomColor(byte alpha = 255) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), alpha);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [RandomColor(), RandomColor()], SKShaderTileMode.Clamp);
            using var background = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, width, height, background);
            using var paint = new SKPaint { IsAntialias = true };
            for (int s = 0; s < 12; s++)
            {
                paint.Color = RandomColor((byte)random.Next(120, 256));
                float x = random.Next(width), y = random.Next(height), r = random.Next(10, width / 3);
                if (s % 2 == 0) canvas.DrawCircle(x, y, r, paint);
                else canvas.DrawRect(x - r, y - r / 2, 2 * r, r, paint);
            }
        }
        var pixels = bitmap.GetPixelSpan();
        for (int p = 0; p < pixels.Length; p += 4)
        {
            int noise = random.Next(-12, 13);
            for (int c = 0; c < 3; c++) pixels[p + c] = (byte)Math.Clamp(pixels[p + c] + noise, 0, 255);
        }
        if (grayscale)
        {
            using var gray = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
            bitmap.CopyTo(gray, SKColorType.Gray8);
            using var grayData = gray.Encode(SKEncodedImageFormat.Jpeg, 90);
            return grayData.ToArray();
        }
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(90, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the synthetic photo as JPEG");
        return data.ToArray();
    }
}
