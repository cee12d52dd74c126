using ConvLens.Runtime;

namespace ConvLens.Attribution.Targets;

/// <summary>
/// What an attribution explains: a linear function of one layer's activations (a class logit, a channel's
/// mean, any direction in a layer). The target is its seed tensor <c>dA</c>: the score of batch item
/// <c>i</c> is the dot product of item <c>i</c> of the seed with item <c>i</c> of the layer, and the
/// backward pass starts from that seed. Objectives from the visualization module that are linear in a layer
/// plug in by implementing this.
/// </summary>
public interface IAttributionTarget
{
    /// <summary>The layer the score reads (a value name or alias the network resolves).</summary>
    string Layer { get; }

    /// <summary>Names the target in titles and JSON, like <c>class 281</c> or <c>conv12:5</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Writes the seed for a batch into <paramref name="seed"/>, which has the layer's shape at the batch's
    /// size (N, …) and is all zeros on entry; every batch item gets the same seed.
    /// </summary>
    /// <exception cref="ConvLensException">The target does not fit the layer (a channel or class out of range).</exception>
    void WriteSeed(FloatTensor seed);
}
