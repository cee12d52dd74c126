using PureHDF;

namespace ConvLens.Models.Keras;

/// <summary>One weight array of a Keras layer, as the file stores it (shape in Keras's own layout).</summary>
/// <param name="Layer">The layer's name, e.g. <c>block1_conv1</c>.</param>
/// <param name="Name">The weight's name from the layer's <c>weight_names</c>, a path relative to the layer's group.</param>
/// <param name="Dims">The dataset's dimensions.</param>
/// <param name="Dataset">The dataset, read on demand.</param>
internal sealed record KerasWeight(string Layer, string Name, long[] Dims, IH5Dataset Dataset)
{
    /// <summary>The shape as text, e.g. <c>(3, 3, 64, 128)</c>.</summary>
    public string ShapeText => KerasWeight.Format(Dims);

    /// <summary>Formats dimensions like a Python tuple, as Keras users see shapes.</summary>
    public static string Format(IEnumerable<long> dims) => "(" + string.Join(", ", dims) + ")";
}
