using MathNet.Numerics.Distributions;

namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// Lucid's <c>fft_image</c>: each channel is the inverse real 2-D DFT of a half spectrum
/// (<c>rfft2</c> layout, <see cref="Height"/> × <see cref="SpectrumWidth"/> = H × (W/2+1) complex
/// coefficients) whose coefficient at spatial frequency f (cycles per pixel) is scaled by
/// sqrt(W·H) / max(f, 1/max(W,H))^decay before the transform; the image is then divided by 4.
/// Scaling by 1/f gives low frequencies more weight, so the optimiser changes smooth structure as
/// easily as fine detail (plain pixels favour high-frequency noise). Values are unbounded: wrap the
/// result in <see cref="SigmoidParameterization"/> (and optionally <see cref="DecorrelatedColorParameterization"/>)
/// to get valid pixels.
/// </summary>
/// <remarks>
/// <para>Parameters: all real parts (channel, ky, kx), then all imaginary parts in the same order; see
/// <see cref="RealIndex"/> and <see cref="ImaginaryIndex"/>. Initialised from a normal distribution
/// with standard deviation 0.01, as Lucid does.</para>
/// <para>The image follows numpy's <c>irfft2</c> convention: pixel (y, x) = (1/(4HW)) Σ m(kx)·Re(c·e^{2πi(ky·y/H + kx·x/W)})
/// over the scaled coefficients c, where m(kx) = 1 for the zero column and (W even) the Nyquist
/// column and 2 for the columns that stand for a conjugate pair. Imaginary parts that multiply a
/// sine which vanishes at every pixel (the (0,0) coefficient, and the Nyquist rows and columns where they
/// exist) have no effect and get zero gradient. For odd W this is the exact H × (W/2+1) layout;
/// Lucid itself keeps one more column there and crops a (W+1)-wide image.</para>
/// <para>The two separable DFT passes run as products with precomputed cosine/sine tables (see
/// <see cref="DenseMatrixProduct"/>): O(H²W) work, but dense and vectorised, so 224² forward or
/// backward takes a few ms; the backward pass multiplies by the transposed tables, the exact adjoint.</para>
/// </remarks>
public sealed class FourierParameterization : IImageParameterization
{
    private readonly int _channels, _height, _width, _spectrumWidth;
    private readonly int _paddedSpectrumWidth, _paddedWidth;
    private readonly float[] _weights;            // H × K: m(kx)·scale(ky,kx)/(4HW), applied to both parts
    private readonly float[] _columnSynthesis;    // 2H × 2H: [[cos, −sin], [sin, cos]] over (y, ky)
    private readonly float[] _columnAnalysis;     // its transpose
    private readonly float[] _rowSynthesis;       // 2Kp × Wp: [cos; −sin] over (kx, x)
    private readonly float[] _rowAnalysis;        // its transpose, Wp × 2Kp
    private readonly float[] _spectrum, _columnsDone, _rowsIn, _spatial;

    /// <summary>
    /// Creates the parameterisation of a <paramref name="channels"/> × <paramref name="height"/> ×
    /// <paramref name="width"/> image, with parameters drawn from <paramref name="random"/>.
    /// </summary>
    /// <param name="channels">Image channels (3 for RGB).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="random">Source of the initial values: the same seed gives the same parameters.</param>
    /// <param name="decayPower">Exponent of the 1/f scaling (Lucid's default 1; 0 gives a flat spectrum).</param>
    /// <param name="initialStandardDeviation">Standard deviation of the initial coefficients (Lucid: 0.01).</param>
    public FourierParameterization(int channels, int height, int width, Random random, double decayPower = 1.0, double initialStandardDeviation = 0.01)
    {
        ImageSizeCheck.Require(channels, height, width, "Fourier parameterisation");
        ArgumentNullException.ThrowIfNull(random);
        _channels = channels;
        _height = height;
        _width = width;
        _spectrumWidth = width / 2 + 1;
        _paddedSpectrumWidth = DenseMatrixProduct.PaddedColumns(_spectrumWidth);
        _paddedWidth = DenseMatrixProduct.PaddedColumns(width);

        Parameters = new float[2 * channels * height * _spectrumWidth];
        for (int i = 0; i < Parameters.Length; i++) Parameters[i] = (float)Normal.Sample(random, 0, initialStandardDeviation);

        _weights = SpectrumWeights(height, width, decayPower);
        (_columnSynthesis, _columnAnalysis) = ColumnTables(height);
        (_rowSynthesis, _rowAnalysis) = RowTables(width, _spectrumWidth, _paddedSpectrumWidth, _paddedWidth);
        _spectrum = new float[2 * height * _paddedSpectrumWidth];
        _columnsDone = new float[2 * height * _paddedSpectrumWidth];
        _rowsIn = new float[height * 2 * _paddedSpectrumWidth];
        _spatial = new float[height * _paddedWidth];
    }

    /// <inheritdoc />
    public float[] Parameters { get; }

    /// <inheritdoc />
    public (int Channels, int Height, int Width) ImageSize => (_channels, _height, _width);

    /// <summary>Image height H (also the spectrum's row count).</summary>
    public int Height => _height;

    /// <summary>Columns of the half spectrum: W/2 + 1.</summary>
    public int SpectrumWidth => _spectrumWidth;

    /// <summary>Index in <see cref="Parameters"/> of the real part of coefficient (<paramref name="ky"/>, <paramref name="kx"/>) of a channel.</summary>
    public int RealIndex(int channel, int ky, int kx) => (channel * _height + ky) * _spectrumWidth + kx;

    /// <summary>Index in <see cref="Parameters"/> of the imaginary part of coefficient (<paramref name="ky"/>, <paramref name="kx"/>) of a channel.</summary>
    public int ImaginaryIndex(int channel, int ky, int kx) => RealIndex(channel, ky, kx) + _channels * _height * _spectrumWidth;

    /// <summary>
    /// The factor a coefficient's parameter is multiplied by on its way to the image, 1/(4HW) and the
    /// conjugate-pair multiplicity included: it falls as 1/f with the coefficient's frequency f.
    /// </summary>
    public float CoefficientWeight(int ky, int kx) => _weights[ky * _spectrumWidth + kx];

    /// <inheritdoc />
    public void Render(ImageBuffer image)
    {
        ImageSizeCheck.RequireBuffer(image, ImageSize, "rendered image");
        int h = _height, w = _width, k = _spectrumWidth, kp = _paddedSpectrumWidth, wp = _paddedWidth;
        int plane = _channels * h * k;
        for (int c = 0; c < _channels; c++)
        {
            // Weighted spectrum as [real rows; imaginary rows], 2H × Kp (padding columns stay zero).
            for (int ky = 0; ky < h; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    int p = (c * h + ky) * k + kx;
                    float weight = _weights[ky * k + kx];
                    _spectrum[ky * kp + kx] = weight * Parameters[p];
                    _spectrum[(h + ky) * kp + kx] = weight * Parameters[plane + p];
                }
            }
            // Inverse DFT down the columns (complex), then along the rows keeping the real part.
            DenseMatrixProduct.Multiply(_columnSynthesis, _spectrum, _columnsDone, 2 * h, 2 * h, kp);
            for (int y = 0; y < h; y++)
            {
                Array.Copy(_columnsDone, y * kp, _rowsIn, y * 2 * kp, kp);
                Array.Copy(_columnsDone, (h + y) * kp, _rowsIn, y * 2 * kp + kp, kp);
            }
            DenseMatrixProduct.Multiply(_rowsIn, _rowSynthesis, _spatial, h, 2 * kp, wp);
            for (int y = 0; y < h; y++) Array.Copy(_spatial, y * wp, image.Data, (c * h + y) * w, w);
        }
    }

    /// <inheritdoc />
    public void Backward(ImageBuffer imageGradient, Span<float> parameterGradient)
    {
        ImageSizeCheck.RequireBuffer(imageGradient, ImageSize, "image gradient");
        if (parameterGradient.Length != Parameters.Length)
            throw new ArgumentException($"parameter gradient has {parameterGradient.Length} values, expected {Parameters.Length}");
        int h = _height, w = _width, k = _spectrumWidth, kp = _paddedSpectrumWidth, wp = _paddedWidth;
        int plane = _channels * h * k;
        for (int c = 0; c < _channels; c++)
        {
            // The transpose of each forward pass, in reverse order (a forward real DFT, in effect).
            for (int y = 0; y < h; y++) Array.Copy(imageGradient.Data, (c * h + y) * w, _spatial, y * wp, w);
            DenseMatrixProduct.Multiply(_spatial, _rowAnalysis, _rowsIn, h, wp, 2 * kp);
            for (int y = 0; y < h; y++)
            {
                Array.Copy(_rowsIn, y * 2 * kp, _columnsDone, y * kp, kp);
                Array.Copy(_rowsIn, y * 2 * kp + kp, _columnsDone, (h + y) * kp, kp);
            }
            DenseMatrixProduct.Multiply(_columnAnalysis, _columnsDone, _spectrum, 2 * h, 2 * h, kp);
            for (int ky = 0; ky < h; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    int p = (c * h + ky) * k + kx;
                    float weight = _weights[ky * k + kx];
                    parameterGradient[p] = weight * _spectrum[ky * kp + kx];
                    parameterGradient[plane + p] = weight * _spectrum[(h + ky) * kp + kx];
                }
            }
        }
    }

    /// <summary>m(kx)·sqrt(WH)/max(f, 1/max(W,H))^decay/(4HW) per coefficient, f from numpy's fftfreq.</summary>
    private static float[] SpectrumWeights(int height, int width, double decayPower)
    {
        int k = width / 2 + 1;
        var weights = new float[height * k];
        double floor = 1.0 / Math.Max(width, height);
        for (int ky = 0; ky < height; ky++)
        {
            double fy = Math.Min(ky, height - ky) / (double)height;
            for (int kx = 0; kx < k; kx++)
            {
                double fx = kx / (double)width;
                double frequency = Math.Sqrt(fx * fx + fy * fy);
                double scale = Math.Sqrt((double)width * height) / Math.Pow(Math.Max(frequency, floor), decayPower);
                bool unpaired = kx == 0 || 2 * kx == width;
                weights[ky * k + kx] = (float)((unpaired ? 1.0 : 2.0) * scale / (4.0 * height * width));
            }
        }
        return weights;
    }

    /// <summary>The complex inverse DFT along H as a real 2H × 2H matrix acting on [real; imaginary], and its transpose.</summary>
    private static (float[] Synthesis, float[] Analysis) ColumnTables(int height)
    {
        int n = 2 * height;
        var synthesis = new float[n * n];
        var analysis = new float[n * n];
        for (int y = 0; y < height; y++)
        {
            for (int ky = 0; ky < height; ky++)
            {
                var (cos, sin) = Twiddle(y, ky, height);
                Set(y, ky, cos); Set(y, height + ky, -sin);
                Set(height + y, ky, sin); Set(height + y, height + ky, cos);
            }
        }
        return (synthesis, analysis);

        void Set(int row, int column, float value)
        {
            synthesis[row * n + column] = value;
            analysis[column * n + row] = value;
        }
    }

    /// <summary>The real part of the inverse DFT along W as a (2Kp) × Wp matrix acting on [real | imaginary] rows, and its transpose.</summary>
    private static (float[] Synthesis, float[] Analysis) RowTables(int width, int spectrumWidth, int paddedSpectrumWidth, int paddedWidth)
    {
        int rows = 2 * paddedSpectrumWidth;
        var synthesis = new float[rows * paddedWidth];
        var analysis = new float[paddedWidth * rows];
        for (int kx = 0; kx < spectrumWidth; kx++)
        {
            for (int x = 0; x < width; x++)
            {
                var (cos, sin) = Twiddle(x, kx, width);
                synthesis[kx * paddedWidth + x] = cos;
                synthesis[(paddedSpectrumWidth + kx) * paddedWidth + x] = -sin;
                analysis[x * rows + kx] = cos;
                analysis[x * rows + paddedSpectrumWidth + kx] = -sin;
            }
        }
        return (synthesis, analysis);
    }

    /// <summary>cos and sin of 2π·i·k/n, reducing i·k modulo n first so large products keep full precision.</summary>
    private static (float Cos, float Sin) Twiddle(int i, int k, int n)
    {
        double angle = 2.0 * Math.PI * ((long)i * k % n) / n;
        return ((float)Math.Cos(angle), (float)Math.Sin(angle));
    }
}
