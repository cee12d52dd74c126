namespace ConvLens.Visualization.Transforms;

/// <summary>
/// Transforms applied one after another: <see cref="Sample"/> draws each transform's parameters in
/// order (each sized by the previous output), the step's forward runs them in order and its backward
/// runs their adjoints in reverse. An empty pipeline is the identity.
/// </summary>
public sealed class TransformPipeline : IImageTransform
{
    /// <summary>Composes <paramref name="transforms"/>, first applied first.</summary>
    public TransformPipeline(IEnumerable<IImageTransform> transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        Transforms = transforms.ToArray();
        if (Transforms.Any(t => t is null)) throw new ArgumentException("a transform in the pipeline is null", nameof(transforms));
    }

    /// <summary>The identity: no transforms (<c>--transforms none</c>).</summary>
    public static TransformPipeline None { get; } = new(Array.Empty<IImageTransform>());

    /// <summary>The transforms, in the order they are applied.</summary>
    public IReadOnlyList<IImageTransform> Transforms { get; }

    /// <summary>Draws every transform's random parameters from <paramref name="random"/>, in pipeline order.</summary>
    public IImageTransformStep Sample(int channels, int height, int width, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var steps = new IImageTransformStep[Transforms.Count];
        var size = (channels, height, width);
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = Transforms[i].Sample(size.channels, size.height, size.width, random);
            var next = steps[i].OutputSize;
            size = (next.Channels, next.Height, next.Width);
        }
        return new Step((channels, height, width), steps);
    }

    /// <summary>The spec (<c>pad:12,jitter:8,…</c>, or <c>none</c>) that <see cref="TransformSpecParser"/> reads back.</summary>
    public override string ToString() => Transforms.Count == 0 ? "none" : string.Join(",", Transforms.Select(t => t.ToString()));

    private sealed class Step : IImageTransformStep
    {
        private readonly (int Channels, int Height, int Width) _inputSize;
        private readonly IImageTransformStep[] _steps;
        private readonly ImageBuffer[] _between;   // the output of every step but the last; reused for gradients

        public Step((int Channels, int Height, int Width) inputSize, IImageTransformStep[] steps)
        {
            _inputSize = inputSize;
            _steps = steps;
            _between = steps.Take(Math.Max(0, steps.Length - 1))
                .Select(s => ImageBuffer.Zeros(s.OutputSize.Channels, s.OutputSize.Height, s.OutputSize.Width)).ToArray();
        }

        public (int Channels, int Height, int Width) OutputSize => _steps.Length == 0 ? _inputSize : _steps[^1].OutputSize;

        public void Forward(ImageBuffer input, ImageBuffer output)
        {
            TransformBufferCheck.Require(input, _inputSize, "pipeline input");
            TransformBufferCheck.Require(output, OutputSize, "pipeline output");
            if (_steps.Length == 0)
            {
                input.Data.CopyTo(output.Data, 0);
                return;
            }
            for (int i = 0; i < _steps.Length; i++)
                _steps[i].Forward(i == 0 ? input : _between[i - 1], i == _steps.Length - 1 ? output : _between[i]);
        }

        /// <summary>
        /// Reuses the forward's intermediate buffers for the gradients: every transform here is affine,
        /// so no step's backward needs the values it saw going forward.
        /// </summary>
        public void Backward(ImageBuffer outputGradient, ImageBuffer inputGradient)
        {
            TransformBufferCheck.Require(outputGradient, OutputSize, "pipeline output gradient");
            TransformBufferCheck.Require(inputGradient, _inputSize, "pipeline input gradient");
            if (_steps.Length == 0)
            {
                outputGradient.Data.CopyTo(inputGradient.Data, 0);
                return;
            }
            for (int i = _steps.Length - 1; i >= 0; i--)
                _steps[i].Backward(i == _steps.Length - 1 ? outputGradient : _between[i], i == 0 ? inputGradient : _between[i - 1]);
        }
    }
}
