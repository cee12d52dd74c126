namespace ConvLens.Tests.Visualization;

/// <summary>The dominant orientation of an image's intensity gradients, from its structure tensor.</summary>
internal static class Orientation
{
    /// <summary>
    /// The angle (degrees in [0, 180), from +x towards +y, rows growing downwards) along which the
    /// luminance (mean of R, G, B) of a channel-major image changes most, and the coherence in [0, 1] of
    /// that estimate (1 for a perfect grating, 0 for isotropic texture). Central differences, summed over
    /// the interior (<paramref name="margin"/> pixels from every edge are left out: padding and borders
    /// add edges of their own).
    /// </summary>
    public static (double Degrees, double Coherence) Dominant(float[] chw, int height, int width, int margin)
    {
        int plane = height * width;
        double Luma(int y, int x) => (chw[y * width + x] + chw[plane + y * width + x] + chw[2 * plane + y * width + x]) / 3.0;
        double jxx = 0, jyy = 0, jxy = 0;
        for (int y = margin; y < height - margin; y++)
            for (int x = margin; x < width - margin; x++)
            {
                double gx = (Luma(y, x + 1) - Luma(y, x - 1)) / 2, gy = (Luma(y + 1, x) - Luma(y - 1, x)) / 2;
                jxx += gx * gx;
                jyy += gy * gy;
                jxy += gx * gy;
            }
        double degrees = 0.5 * Math.Atan2(2 * jxy, jxx - jyy) * 180 / Math.PI;
        double coherence = Math.Sqrt((jxx - jyy) * (jxx - jyy) + 4 * jxy * jxy) / (jxx + jyy + 1e-300);
        return ((degrees + 180) % 180, coherence);
    }

    /// <summary>The difference of two orientations, in degrees within [0, 90].</summary>
    public static double Difference(double a, double b)
    {
        double d = Math.Abs(a - b) % 180;
        return Math.Min(d, 180 - d);
    }
}
