namespace ConvLens.Imaging;

/// <summary>How an image is fitted to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>
    /// Scale width and height independently to the target size, changing the aspect ratio (what Keras
    /// <c>load_img(target_size=…)</c> does). The default.
    /// </summary>
    Stretch,

    /// <summary>
    /// Scale uniformly so that the image covers the target (its shorter side, relative to the target's
    /// aspect, matches), then cut the centred target-sized window: nothing is distorted, the margins of the
    /// longer side are lost.
    /// </summary>
    ShorterSideCenterCrop,
}
