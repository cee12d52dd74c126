using System.Globalization;

namespace ConvLens.Visualization.Transforms;

/// <summary>
/// Lucid's <c>random_rotate(angles)</c>: picks one of <see cref="AnglesDegrees"/> uniformly and rotates
/// the image counter-clockwise (as displayed, rows going down) by that angle about its centre, keeping
/// its size; output pixels whose source falls outside the image get 0, as in TF's <c>image.rotate</c>.
/// Interpolation is bilinear (TF's default was nearest) so that sub-pixel moves have a gradient.
/// Linear: the backward pass scatters each output gradient to the same ≤ 4 source pixels with the
/// same weights, the exact adjoint.
/// </summary>
public sealed class RandomRotateTransform : IImageTransform
{
    private readonly double[] _angles;
    private readonly string _spec;

    /// <summary>
    /// Whole degrees from −<paramref name="maximumDegrees"/> to +<paramref name="maximumDegrees"/>, plus
    /// <paramref name="extraZeroWeight"/> more copies of 0° (Lucid: ±10 with 5 extra zeros, so a step is
    /// unrotated 6 times in 26, which keeps the result sharp at the orientation it is shown in).
    /// </summary>
    public RandomRotateTransform(int maximumDegrees, int extraZeroWeight = 5)
    {
        if (maximumDegrees < 0 || maximumDegrees > 180)
            throw new ConvLensException($"rotate:{maximumDegrees}: the largest angle must be 0 to 180 degrees");
        if (extraZeroWeight < 0) throw new ConvLensException($"rotate:{maximumDegrees}: the extra weight of 0 degrees must not be negative");
        _angles = Enumerable.Range(-maximumDegrees, 2 * maximumDegrees + 1).Select(a => (double)a)
            .Concat(Enumerable.Repeat(0.0, extraZeroWeight)).ToArray();
        _spec = extraZeroWeight == 5 ? $"rotate:{maximumDegrees}" : $"rotate:{maximumDegrees}/{extraZeroWeight}";
    }

    /// <summary>Picks uniformly among <paramref name="anglesDegrees"/> (an angle listed twice is twice as likely).</summary>
    public RandomRotateTransform(IReadOnlyList<double> anglesDegrees)
    {
        ArgumentNullException.ThrowIfNull(anglesDegrees);
        if (anglesDegrees.Count == 0 || anglesDegrees.Any(a => !double.IsFinite(a)))
            throw new ConvLensException("rotate: the list of angles must be non-empty and every angle finite");
        _angles = anglesDegrees.ToArray();
        _spec = "rotate:[" + string.Join(" ", _angles.Select(a => a.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>The angles drawn from, in degrees, each entry equally likely.</summary>
    public IReadOnlyList<double> AnglesDegrees => _angles;

    /// <summary>Draws one angle (one <see cref="Random.Next(int)"/>).</summary>
    public IImageTransformStep Sample(int channels, int height, int width, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return ForAngle(channels, height, width, _angles[random.Next(_angles.Length)]);
    }

    /// <summary>The spec text (<c>rotate:10</c>) that <see cref="TransformSpecParser"/> reads back (lists print in brackets).</summary>
    public override string ToString() => _spec;

    /// <summary>The rotation by a given angle (internal so tests can pin it).</summary>
    internal static IImageTransformStep ForAngle(int channels, int height, int width, double degrees) => new Step(channels, height, width, degrees);

    /// <summary>Source pixel (x0, y0) and the weights of it and its right, lower and lower-right neighbours.</summary>
    private readonly record struct Tap(int X0, int Y0, int X1, int Y1, float W00, float W01, float W10, float W11);

    private sealed class Step : IImageTransformStep
    {
        private readonly int _channels, _height, _width;
        private readonly double _cos, _sin;

        public Step(int channels, int height, int width, double degrees)
        {
            (_channels, _height, _width) = (channels, height, width);
            double radians = degrees * Math.PI / 180.0;
            _cos = Math.Cos(radians);
            _sin = Math.Sin(radians);
        }

        public (int Channels, int Height, int Width) OutputSize => (_channels, _height, _width);

        public void Forward(ImageBuffer input, ImageBuffer output)
        {
            TransformBufferCheck.Require(input, OutputSize, "rotate input");
            TransformBufferCheck.Require(output, OutputSize, "rotate output");
            int plane = _height * _width;
            var src = input.Data;
            var dst = output.Data;
            for (int y = 0; y < _height; y++)
            {
                for (int x = 0; x < _width; x++)
                {
                    var t = TapFor(y, x);
                    int i00 = t.Y0 * _width + t.X0, i01 = t.Y0 * _width + t.X1, i10 = t.Y1 * _width + t.X0, i11 = t.Y1 * _width + t.X1;
                    for (int c = 0, offset = 0; c < _channels; c++, offset += plane)
                        dst[offset + y * _width + x] = t.W00 * src[offset + i00] + t.W01 * src[offset + i01] + t.W10 * src[offset + i10] + t.W11 * src[offset + i11];
                }
            }
        }

        public void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient)
        {
            TransformBufferCheck.Require(outputGradient, OutputSize, "rotate output gradient");
            TransformBufferCheck.Require(inputGradient, OutputSize, "rotate input gradient");
            int plane = _height * _width;
            var g = outputGradient.Data;
            var dst = inputGradient.Data;
            Array.Clear(dst);
            for (int y = 0; y < _height; y++)
            {
                for (int x = 0; x < _width; x++)
                {
                    var t = TapFor(y, x);
                    int i00 = t.Y0 * _width + t.X0, i01 = t.Y0 * _width + t.X1, i10 = t.Y1 * _width + t.X0, i11 = t.Y1 * _width + t.X1;
                    for (int c = 0, offset = 0; c < _channels; c++, offset += plane)
                    {
                        float gradient = g[offset + y * _width + x];
                        dst[offset + i00] += t.W00 * gradient;
                        dst[offset + i01] += t.W01 * gradient;
                        dst[offset + i10] += t.W10 * gradient;
                        dst[offset + i11] += t.W11 * gradient;
                    }
                }
            }
        }

        /// <summary>
        /// Where output pixel (y, x) reads from: the centre-relative position turned clockwise by the
        /// angle (so content turns counter-clockwise). Neighbours outside the image get weight 0 and a
        /// clamped index, so forward and backward share one code path and stay exact adjoints.
        /// </summary>
        private Tap TapFor(int y, int x)
        {
            double centreX = (_width - 1) / 2.0, centreY = (_height - 1) / 2.0;
            double u = x - centreX, v = y - centreY;
            double sourceX = centreX + _cos * u - _sin * v;
            double sourceY = centreY + _sin * u + _cos * v;
            double floorX = Math.Floor(sourceX), floorY = Math.Floor(sourceY);
            double fx = sourceX - floorX, fy = sourceY - floorY;
            int x0 = (int)floorX, y0 = (int)floorY, x1 = x0 + 1, y1 = y0 + 1;
            double wx0 = Inside(x0, _width) ? 1 - fx : 0, wx1 = Inside(x1, _width) ? fx : 0;
            double wy0 = Inside(y0, _height) ? 1 - fy : 0, wy1 = Inside(y1, _height) ? fy : 0;
            return new Tap(
                Clamp(x0, _width), Clamp(y0, _height), Clamp(x1, _width), Clamp(y1, _height),
                (float)(wy0 * wx0), (float)(wy0 * wx1), (float)(wy1 * wx0), (float)(wy1 * wx1));
        }

        private static bool Inside(int i, int size) => i >= 0 && i < size;

        private static int Clamp(int i, int size) => Math.Clamp(i, 0, size - 1);
    }
}
