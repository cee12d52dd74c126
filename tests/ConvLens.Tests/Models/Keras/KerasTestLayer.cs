namespace ConvLens.Tests.Models.Keras;

/// <summary>
/// One layer of a Keras model as its HDF5 file stores it: a name and, for layers with weights, the kernel
/// in Keras's layout (HWIO for convolutions, (inputs, outputs) for dense layers) and the bias.
/// </summary>
internal sealed record KerasTestLayer(string Name, float[]? Kernel = null, long[]? KernelDims = null, float[]? Bias = null)
{
    /// <summary>Whether the layer has weights (pooling, flatten and input layers have none).</summary>
    public bool HasWeights => Kernel is not null;
}
