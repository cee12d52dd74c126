namespace ConvLens.Visualization.Parameterization;

/// <summary>
/// Squashes another parameterisation's unbounded image into valid pixels with the logistic sigmoid,
/// as Lucid's <c>to_valid_rgb</c> does: the gradient never vanishes completely, so no pixel gets stuck
/// at 0 or 1 the way it would under clipping.
/// </summary>
public sealed class SigmoidParameterization : IImageParameterization
{
    private readonly IImageParameterization _inner;
    private readonly ImageBuffer _innerImage;
    private readonly ImageBuffer _innerGradient;
    private readonly float[] _lastOutput;

    /// <summary>Wraps <paramref name="inner"/>; the parameters are the inner ones.</summary>
    public SigmoidParameterization(IImageParameterization inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        var (c, h, w) = inner.ImageSize;
        _innerImage = ImageBuffer.Zeros(c, h, w);
        _innerGradient = ImageBuffer.Zeros(c, h, w);
        _lastOutput = new float[c * h * w];
    }

    /// <summary>The wrapped parameterisation.</summary>
    public IImageParameterization Inner => _inner;

    /// <inheritdoc />
    public float[] Parameters => _inner.Parameters;

    /// <inheritdoc />
    public (int Channels, int Height, int Width) ImageSize => _inner.ImageSize;

    /// <inheritdoc />
    public void Render(ImageBuffer image)
    {
        ImageSizeCheck.RequireBuffer(image, ImageSize, "rendered image");
        _inner.Render(_innerImage);
        var input = _innerImage.Data;
        for (int i = 0; i < input.Length; i++)
        {
            float y = 1f / (1f + MathF.Exp(-input[i]));
            _lastOutput[i] = y;
            image.Data[i] = y;
        }
    }

    /// <summary>Uses σ' = σ(1 − σ) of the image last rendered, so call <see cref="Render"/> first.</summary>
    public void Backward(ImageBuffer imageGradient, Span<float> parameterGradient)
    {
        ImageSizeCheck.RequireBuffer(imageGradient, ImageSize, "image gradient");
        var g = imageGradient.Data;
        for (int i = 0; i < g.Length; i++)
        {
            float y = _lastOutput[i];
            _innerGradient.Data[i] = g[i] * y * (1f - y);
        }
        _inner.Backward(_innerGradient, parameterGradient);
    }
}
