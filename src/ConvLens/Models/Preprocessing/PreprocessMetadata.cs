namespace ConvLens.Models.Preprocessing;

/// <summary>
/// Metadata keys of <see cref="Graph.OnnxModel.Metadata"/> that describe a model's preprocessing. A loader
/// may set <see cref="Preset"/> alone to say which preset a model expects (the Keras loader sets
/// <c>caffe</c>); <see cref="PreprocessingPresets.Apply"/> sets all three once the nodes are in the graph.
/// </summary>
public static class PreprocessMetadata
{
    /// <summary>The preset's name (<c>caffe</c>, <c>torch</c>, <c>tf</c>, <c>resnet18-featurizer</c>, <c>none</c>).</summary>
    public const string Preset = "convlens.preprocess";

    /// <summary>The model's own input name, now the preprocessed value (gradients "in preprocessed space").</summary>
    public const string PreprocessedInput = "convlens.preprocessed_input";

    /// <summary>The new RGB 0..255 input (gradients "in pixel space"); present only once the nodes are prepended.</summary>
    public const string PixelInput = "convlens.pixel_input";
}
