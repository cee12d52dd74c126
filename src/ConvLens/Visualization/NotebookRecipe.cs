namespace ConvLens.Visualization;

/// <summary>
/// The reference notebook's gradient ascent: start from <c>uniform(0,1)·20 + 128</c> per pixel, then
/// <see cref="Steps"/> times <c>P += StepSize · g / (sqrt(mean(g²)) + 1e-5)</c> with <c>g</c> the gradient of
/// the objective with respect to the pixels <c>P</c>. The notebook steps the Caffe-preprocessed image, which
/// differs from the pixels only by a shift, so for Caffe (and any shift-only preset) this is its arithmetic
/// step for step; defining the step in pixel units keeps it one pixel level (RMS) under torch or tf scaling too.
/// </summary>
public sealed record NotebookRecipe : VisualizationRecipe
{
    /// <inheritdoc />
    public override string Name => "notebook";

    /// <summary>Gradient-ascent steps (the notebook's 40).</summary>
    public override int Steps { get; init; } = 40;

    /// <summary>Multiplies each normalised gradient: the RMS of a step in pixel levels (the notebook's 1.0).</summary>
    public double StepSize { get; init; } = 1.0;

    /// <summary>Width of the uniform start noise, in pixel units (the notebook's 20).</summary>
    public double NoiseRange { get; init; } = 20;

    /// <summary>Added to the start noise, in pixel units (the notebook's 128: mid-grey).</summary>
    public double NoiseOffset { get; init; } = 128;

    /// <summary>Keeps the normalisation finite when the gradient vanishes (the notebook's 1e-5).</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <inheritdoc />
    public override void Validate()
    {
        if (Steps < 0) throw new ConvLensException($"the notebook recipe needs 0 or more steps, not {Steps}");
        if (!double.IsFinite(StepSize) || StepSize <= 0) throw new ConvLensException($"the notebook recipe's step size must be a positive number, not {StepSize}");
        if (!double.IsFinite(NoiseRange) || NoiseRange < 0 || !double.IsFinite(NoiseOffset)) throw new ConvLensException("the notebook recipe's start noise must be finite, with a range of 0 or more");
        if (!double.IsFinite(Epsilon) || Epsilon <= 0) throw new ConvLensException($"the notebook recipe's epsilon must be positive, not {Epsilon}");
    }
}
