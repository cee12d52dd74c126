namespace ConvLens.Models;

/// <summary>The two VGG networks of Simonyan and Zisserman (2014).</summary>
public enum VggVariant
{
    /// <summary>13 convolutions in 5 blocks of 2, 2, 3, 3, 3.</summary>
    Vgg16,

    /// <summary>16 convolutions in 5 blocks of 2, 2, 4, 4, 4.</summary>
    Vgg19,
}
