namespace ConvLens.Attribution.Gradients;

/// <summary>The reference image Integrated Gradients integrates from.</summary>
public enum BaselineKind
{
    /// <summary>All zeros: a black image in pixel units (the usual choice).</summary>
    Black,

    /// <summary>The image blurred by a Gaussian: keeps colours, removes detail (Sturmfels et al., 2020).</summary>
    Blur,

    /// <summary>Uniform noise over the image's own value range, seeded.</summary>
    UniformNoise,

    /// <summary>An image the caller gives, at the model's input size.</summary>
    Image,
}
