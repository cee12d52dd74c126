using ConvLens.Attribution.Targets;
using ConvLens.Runtime;

namespace ConvLens.Attribution;

/// <summary>An attribution method: which parts of an image a target's score depends on.</summary>
public interface IAttributionMethod
{
    /// <summary>The method's command-line name (<c>gradcam</c>, <c>smoothgrad</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// Explains <paramref name="target"/> on <paramref name="image"/>: one image at the network's input
    /// size, (1, C, H, W) or (C, H, W), in the network's input units (pixels 0..255 for models opened with
    /// <see cref="Models.ModelLoader"/>).
    /// </summary>
    /// <exception cref="ConvLensException">The image, layer, target or an option does not fit the network.</exception>
    AttributionMap Explain(Network network, FloatTensor image, IAttributionTarget target);
}
