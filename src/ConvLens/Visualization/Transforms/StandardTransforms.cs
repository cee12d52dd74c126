namespace ConvLens.Visualization.Transforms;

/// <summary>Ready-made transform pipelines.</summary>
public static class StandardTransforms
{
    /// <summary>
    /// Lucid's <c>standard_transforms</c>: pad 12 (mid-grey), jitter 8, random scale 0.90..1.10 by
    /// 0.02, random rotation −10..10° (0° six times as likely as any other angle), jitter 4. A 224²
    /// input comes out ⌊s·240⌋ − 4 pixels square for the drawn scale s: 212² to 260².
    /// </summary>
    public static TransformPipeline Lucid() => new(new IImageTransform[]
    {
        new PadTransform(12, 0.5f),
        new JitterTransform(8),
        new RandomScaleTransform(0.90, 1.10, 0.02),
        new RandomRotateTransform(10, extraZeroWeight: 5),
        new JitterTransform(4),
    });
}
