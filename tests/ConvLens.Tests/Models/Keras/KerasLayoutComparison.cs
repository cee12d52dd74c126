using ConvLens.Runtime;

namespace ConvLens.Tests.Models.Keras;

/// <summary>Compares ConvLens's channels-first activations with Keras's channels-last ones, element by element.</summary>
internal static class KerasLayoutComparison
{
    /// <summary>
    /// Largest |ConvLens − Keras| over the largest |Keras|. A (N, C, H, W) map is matched to Keras's
    /// (N, H, W, C) one; a flattened vector of <paramref name="finalMap"/> (C, H, W) to Keras's (H, W, C)
    /// flatten; dense outputs one to one.
    /// </summary>
    public static double RelativeError(FloatTensor convLens, double[] keras, (int C, int H, int W)? finalMap = null)
    {
        if (convLens.Length != keras.Length)
            throw new InvalidOperationException($"ConvLens has {convLens.Length} values, Keras {keras.Length}");
        int batch = convLens.Shape[0];
        var (c, h, w) = convLens.Shape.Length == 4 ? (convLens.Shape[1], convLens.Shape[2], convLens.Shape[3])
            : finalMap ?? (convLens.Shape[1], 1, 1);
        bool dense = convLens.Shape.Length == 2 && finalMap is null;
        double maxDiff = 0, maxRef = 1e-30;
        for (int n = 0; n < batch; n++)
            for (int ci = 0; ci < c; ci++)
                for (int hi = 0; hi < h; hi++)
                    for (int wi = 0; wi < w; wi++)
                    {
                        long ours = (((long)n * c + ci) * h + hi) * w + wi;
                        long theirs = dense ? ours : (((long)n * h + hi) * w + wi) * c + ci;
                        maxDiff = Math.Max(maxDiff, Math.Abs(convLens.Data[ours] - keras[theirs]));
                        maxRef = Math.Max(maxRef, Math.Abs(keras[theirs]));
                    }
        return maxDiff / maxRef;
    }

    /// <summary>Channels-first images as Keras's channels-last ones.</summary>
    public static float[] ToNhwc(FloatTensor nchw)
    {
        var (n, c, h, w) = (nchw.Shape[0], nchw.Shape[1], nchw.Shape[2], nchw.Shape[3]);
        var nhwc = new float[nchw.Length];
        for (int b = 0; b < n; b++)
            for (int ci = 0; ci < c; ci++)
                for (int hi = 0; hi < h; hi++)
                    for (int wi = 0; wi < w; wi++)
                        nhwc[((b * h + hi) * w + wi) * c + ci] = nchw.Data[((b * c + ci) * h + hi) * w + wi];
        return nhwc;
    }
}
