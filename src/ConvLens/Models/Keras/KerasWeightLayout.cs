namespace ConvLens.Models.Keras;

/// <summary>How a Keras HDF5 file stores a layer's weights.</summary>
public enum KerasWeightLayout
{
    /// <summary>
    /// Keras 1 (the original <c>vgg19_weights_tf_dim_ordering_tf_kernels.h5</c>): datasets such as
    /// <c>block1_conv1_W_1:0</c> directly in the layer's group.
    /// </summary>
    Keras1,

    /// <summary>Keras 2: datasets such as <c>kernel:0</c> in a nested group, named <c>block1_conv1/kernel:0</c>.</summary>
    Keras2,
}
