using ConvLens.Attribution.Gradients;

namespace ConvLens.Attribution;

/// <summary>The options of every method, for building one by name (<see cref="AttributionMethods.Create"/>).</summary>
public sealed record AttributionOptions
{
    /// <summary>The layer CAM methods read; null chooses the last convolution before the target.</summary>
    public string? CamLayer { get; init; }

    /// <summary>Inputs per run for multi-pass methods (Score-CAM, SmoothGrad, IG); bounds memory.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>SmoothGrad's noise level (fraction of the image's value range).</summary>
    public double NoiseLevel { get; init; } = 0.15;

    /// <summary>SmoothGrad's noisy samples.</summary>
    public int Samples { get; init; } = 50;

    /// <summary>Integrated Gradients' steps.</summary>
    public int Steps { get; init; } = 64;

    /// <summary>Integrated Gradients' baseline.</summary>
    public IntegratedGradientsBaseline Baseline { get; init; } = IntegratedGradientsBaseline.Black;

    /// <summary>Seed of SmoothGrad's noise.</summary>
    public int Seed { get; init; }
}
