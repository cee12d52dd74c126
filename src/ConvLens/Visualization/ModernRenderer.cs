using System.Diagnostics;
using ConvLens.Autodiff;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;
using ConvLens.Visualization.Optimizers;
using ConvLens.Visualization.Parameterization;
using ConvLens.Visualization.Transforms;

namespace ConvLens.Visualization;

/// <summary>
/// The render loop of <see cref="ModernRecipe"/>. Each step, for every batch item: render the parameters to
/// an image in [0, 1], apply freshly drawn transforms, centre it on the network's input, scale to pixels;
/// then one forward and backward pass for the whole batch; then the chain rule back through ×255, the fit,
/// the transforms (last first) and the parameterisation, and one Adam step on each item's parameters.
/// </summary>
internal static class ModernRenderer
{
    /// <summary>The grey the fit pads with (Lucid pads with 0.5 as well).</summary>
    private const float Grey = 0.5f;

    public static VisualizationResult Render(Network network, Objective objective, int batchSize, ModernRecipe recipe,
        IProgress<VisualizationProgress>? progress, CancellationToken cancellation)
    {
        recipe.Validate();
        var clock = Stopwatch.StartNew();
        var (channels, height, width) = network.InputSize;
        if (channels != 3)
            throw new ConvLensException($"'{network.Model.Source}' takes {channels}-channel images; the modern recipe renders RGB images (3 channels)");
        int size = recipe.Size ?? Math.Min(height, width);
        var transforms = recipe.Transforms ?? StandardTransforms.Lucid();
        var items = Enumerable.Range(0, batchSize).Select(i => new ModernItem(recipe, size, height, width, recipe.Seed + i)).ToArray();

        using var plain = new ObjectiveSession(network, objective, batchSize);
        using var redirect = recipe.RedirectSteps > 0 && recipe.Steps > 0
            ? new ObjectiveSession(network, objective, batchSize, GradientRegistry.GradientRedirect) : null;
        var input = FloatTensor.Zeros(plain.InputShape);
        var curves = Enumerable.Range(0, batchSize).Select(_ => new List<double>(recipe.Steps + 1)).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = recipe.Threads, CancellationToken = cancellation };

        for (int step = 0; step < recipe.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var session = step < recipe.RedirectSteps ? redirect! : plain;
            Parallel.For(0, batchSize, parallel, i => items[i].Forward(transforms, input.Item(i)));
            session.Run(input);
            for (int i = 0; i < batchSize; i++) curves[i].Add(session.Values[i]);
            Parallel.For(0, batchSize, parallel, i => items[i].BackwardAndStep(session.Gradient.Item(i)));
            progress?.Report(new VisualizationProgress(step + 1, recipe.Steps, session.Values.ToArray()));
        }

        // The result is scored as shown: the final image without transforms.
        Parallel.For(0, batchSize, parallel, i => items[i].Forward(TransformPipeline.None, input.Item(i)));
        plain.Run(input);
        var preset = PreprocessingPresets.Get(network.Preprocessing);
        var preprocessed = preset.ToPreprocessed(input);
        var images = Enumerable.Range(0, batchSize).Select(i =>
        {
            curves[i].Add(plain.Values[i]);
            return new FeatureVisualization(objective.DescribeItem(i), input.Item(i).ToArray(), preprocessed.Item(i).ToArray(), height, width, curves[i]);
        }).ToArray();
        return new VisualizationResult(images, recipe.Name, recipe.Steps, clock.Elapsed);
    }

    /// <summary>
    /// One batch item: its parameters, optimiser and random generator (which draws the initial parameters
    /// and then every step's transforms, so an item's run depends on its seed alone).
    /// </summary>
    private sealed class ModernItem
    {
        private readonly Random _random;
        private readonly IImageParameterization _parameterization;
        private readonly AdamOptimizer _adam;
        private readonly ImageBuffer _rendered, _renderedGradient, _fitted, _fittedGradient;
        private readonly float[] _parameterGradient;
        private IImageTransformStep? _transform;
        private ImageBuffer? _transformed, _transformedGradient;
        private CenterFit? _fit;

        public ModernItem(ModernRecipe recipe, int size, int height, int width, int seed)
        {
            _random = new Random(seed);
            _parameterization = ImageParameterizationFactory.Create(recipe.Parameterization, recipe.Decorrelate, 3, size, size, _random);
            _adam = new AdamOptimizer(_parameterization.Parameters.Length, recipe.LearningRate);
            _rendered = ImageBuffer.Zeros(3, size, size);
            _renderedGradient = ImageBuffer.Zeros(3, size, size);
            _fitted = ImageBuffer.Zeros(3, height, width);
            _fittedGradient = ImageBuffer.Zeros(3, height, width);
            _parameterGradient = new float[_parameterization.Parameters.Length];
        }

        /// <summary>Renders, transforms and fits the image, and writes it as pixels 0..255 into <paramref name="pixels"/>.</summary>
        public void Forward(IImageTransform transforms, Span<float> pixels)
        {
            _parameterization.Render(_rendered);
            _transform = transforms.Sample(3, _rendered.Height, _rendered.Width, _random);
            var (c, h, w) = _transform.OutputSize;
            // The drawn scale changes the size from step to step; buffers are kept while it repeats.
            if (_transformed is not { } t || (t.Channels, t.Height, t.Width) != (c, h, w))
            {
                _transformed = ImageBuffer.Zeros(c, h, w);
                _transformedGradient = ImageBuffer.Zeros(c, h, w);
            }
            _transform.Forward(_rendered, _transformed);
            _fit = new CenterFit(c, h, w, _fitted.Height, _fitted.Width, Grey);
            _fit.Forward(_transformed, _fitted);
            for (int k = 0; k < pixels.Length; k++) pixels[k] = _fitted.Data[k] * 255f;
        }

        /// <summary>Takes d(objective)/d(pixels) back to the parameters and lets Adam climb.</summary>
        public void BackwardAndStep(ReadOnlySpan<float> pixelGradient)
        {
            // pixels = 255 · image, so d/d(image) = 255 · d/d(pixels).
            for (int k = 0; k < pixelGradient.Length; k++) _fittedGradient.Data[k] = pixelGradient[k] * 255f;
            _fit!.Backward(_fittedGradient, _transformedGradient!);
            _transform!.Backward(_transformedGradient!, _renderedGradient);
            _parameterization.Backward(_renderedGradient, _parameterGradient);
            _adam.Step(_parameterization.Parameters, _parameterGradient);
        }
    }
}
