using ConvLens.Visualization.Transforms;

namespace ConvLens.Visualization;

/// <summary>
/// The modern feature-visualisation recipe (Lucid/Lucent): the image parameterised in the Fourier domain
/// with 1/f scaling and in a decorrelated colour space, squashed to valid pixels by a sigmoid; random
/// robustness transforms every step; Adam; Lucid's ReLU gradient redirect for the first steps so that no
/// channel stays dark. Defaults are chosen so a 224 × 224 VGG19 mid-layer channel finishes on 2 CPU cores
/// well under a minute (see <see cref="Steps"/>).
/// </summary>
public sealed record ModernRecipe : VisualizationRecipe
{
    /// <inheritdoc />
    public override string Name => "modern";

    /// <summary>
    /// Adam steps. Lucid's 512 steps at 128² would take minutes at 224² on a CPU; 64 already give clear
    /// textures on ResNet18's later layers. Measured on 2 cores for VGG19 <c>block3_conv2</c> at 224²: a step is
    /// one gradient pass (≈ 0.14 s: only the objective's channel of the layer is computed, see
    /// <see cref="ObjectiveSession"/>) plus ≈ 15 ms of image-space work; 64 steps took 9.7 s: 0.93× PyTorch
    /// computing the same channel, 0.75× PyTorch computing the whole layer as Lucent does (bench/RESULTS.md, <c>visualize</c>).
    /// </summary>
    public override int Steps { get; init; } = 64;

    /// <summary>Adam's learning rate (Lucid's 0.05).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>
    /// Side of the optimised image in pixels; null for the network's input size. A different size is centred
    /// on the network's input (padded with grey, or cropped) after the transforms, and the result shows the
    /// image as the network saw it, at the network's input size.
    /// </summary>
    public int? Size { get; init; }

    /// <summary>How the image is parameterised.</summary>
    public ImageParameterizationKind Parameterization { get; init; } = ImageParameterizationKind.Fourier;

    /// <summary>Whether colours are parameterised in the decorrelated (ImageNet colour-correlation) space.</summary>
    public bool Decorrelate { get; init; } = true;

    /// <summary>
    /// The robustness transforms drawn afresh each step (a <see cref="TransformPipeline"/> for several);
    /// null for Lucid's standard set (<see cref="StandardTransforms.Lucid"/>).
    /// </summary>
    public IImageTransform? Transforms { get; init; }

    /// <summary>Steps that use the ReLU gradient redirect before the plain gradient takes over (Lucid's 16).</summary>
    public int RedirectSteps { get; init; } = 16;

    /// <summary>Threads for the image-space work (parameterisation, transforms), one batch item per thread.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <inheritdoc />
    public override void Validate()
    {
        if (Steps < 0) throw new ConvLensException($"the modern recipe needs 0 or more steps, not {Steps}");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0) throw new ConvLensException($"the learning rate must be a positive number, not {LearningRate}");
        if (Size is < 8 or > 4096) throw new ConvLensException($"the image size must be 8 to 4096 pixels, not {Size}");
        if (RedirectSteps < 0) throw new ConvLensException($"the gradient-redirect steps must be 0 or more, not {RedirectSteps}");
        if (Threads < 1) throw new ConvLensException($"threads must be at least 1, not {Threads}");
    }
}
