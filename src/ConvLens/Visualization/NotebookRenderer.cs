using System.Diagnostics;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Visualization;

/// <summary>The render loop of <see cref="NotebookRecipe"/>: plain normalised gradient ascent on the pixels.</summary>
internal static class NotebookRenderer
{
    public static VisualizationResult Render(Network network, Objective objective, int batchSize, NotebookRecipe recipe,
        IProgress<VisualizationProgress>? progress, CancellationToken cancellation)
    {
        recipe.Validate();
        var clock = Stopwatch.StartNew();
        var preset = PreprocessingPresets.Get(network.Preprocessing);
        // The ascent moves the pixels, so a step means the same whatever the preset: the notebook's step of 1 in
        // Caffe's preprocessed space is one pixel level (RMS), while in torch's normalised space it would be ~58.
        // For presets that only shift (Caffe, the featurizer's mean image, none) this is the notebook's arithmetic.
        using var session = new ObjectiveSession(network, objective, batchSize);
        var pixels = StartNoise(session.InputShape, recipe);
        var gradient = session.Gradient;
        var curves = Enumerable.Range(0, batchSize).Select(_ => new List<double>(recipe.Steps + 1)).ToArray();

        for (int step = 0; step <= recipe.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            session.Run(pixels);
            for (int i = 0; i < batchSize; i++) curves[i].Add(session.Values[i]);
            if (step == recipe.Steps) break;
            for (int i = 0; i < batchSize; i++) AscendNormalized(pixels.Item(i), gradient.Item(i), recipe.StepSize, recipe.Epsilon);
            progress?.Report(new VisualizationProgress(step + 1, recipe.Steps, session.Values.ToArray()));
        }

        var preprocessed = preset.ToPreprocessed(pixels);
        int height = session.InputShape[2], width = session.InputShape[3];
        var images = Enumerable.Range(0, batchSize).Select(i => new FeatureVisualization(objective.DescribeItem(i),
            pixels.Item(i).ToArray(), preprocessed.Item(i).ToArray(), height, width, curves[i])).ToArray();
        return new VisualizationResult(images, "notebook", recipe.Steps, clock.Elapsed);
    }

    /// <summary>
    /// <c>uniform(0,1)·range + offset</c> per value, channel-major like the notebook's
    /// <c>np.random.random((1, 3, w, h))</c>; item <c>i</c> from its own generator seeded <c>Seed + i</c>.
    /// </summary>
    public static FloatTensor StartNoise(int[] shape, NotebookRecipe recipe)
    {
        var noise = FloatTensor.Zeros(shape);
        for (int i = 0; i < noise.BatchSize; i++)
        {
            var random = new Random(recipe.Seed + i);
            foreach (ref var v in noise.Item(i)) v = (float)(random.NextDouble() * recipe.NoiseRange + recipe.NoiseOffset);
        }
        return noise;
    }

    /// <summary>
    /// The notebook's step on one image: <c>x += step · g / (sqrt(mean(g²)) + ε)</c>, the root mean square
    /// over this image's gradient alone, so a batch moves each image as a run of its own would.
    /// </summary>
    public static void AscendNormalized(Span<float> image, ReadOnlySpan<float> gradient, double stepSize, double epsilon)
    {
        double sumSquares = 0;
        foreach (var g in gradient) sumSquares += (double)g * g;
        double scale = stepSize / (Math.Sqrt(sumSquares / gradient.Length) + epsilon);
        for (int k = 0; k < image.Length; k++) image[k] += (float)(gradient[k] * scale);
    }
}
