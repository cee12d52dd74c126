namespace ConvLens.Visualization;

/// <summary>How a visualised image (which may leave the pixel range) becomes 8-bit colours.</summary>
public enum DisplayNormalization
{
    /// <summary>The pixels as they are, clipped to 0..255 (the modern recipe's images are valid pixels already).</summary>
    Pixels,

    /// <summary>
    /// The notebook's <c>deprocess_image</c>: <c>((x − mean)/(std + 1e−3))·0.15 + 0.5</c>, ×255, clipped, with
    /// one mean and deviation over the whole image, on the RGB pixels (true colours).
    /// </summary>
    Std,

    /// <summary>Minimum to 0, maximum to 255, on the RGB pixels.</summary>
    Max,

    /// <summary>
    /// The notebook's own picture: <see cref="Std"/> applied to the preprocessed tensor and its channels shown
    /// in the order the model takes them (BGR shown as RGB for Caffe-style models).
    /// </summary>
    Notebook,
}
