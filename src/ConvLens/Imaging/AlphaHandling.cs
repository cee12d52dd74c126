namespace ConvLens.Imaging;

/// <summary>What happens to transparency when an image with alpha becomes RGB.</summary>
public enum AlphaHandling
{
    /// <summary>
    /// Blend each pixel over a white background, so the model sees what an image viewer shows. The
    /// default: fully transparent pixels often hold arbitrary colours (frequently black) that were never
    /// meant to be seen.
    /// </summary>
    CompositeOverWhite,

    /// <summary>
    /// Keep the stored colour and ignore alpha, as PIL's <c>convert("RGB")</c> (and therefore Keras
    /// <c>load_img</c>) does: use it to reproduce Keras's numbers on transparent images.
    /// </summary>
    Drop,
}
