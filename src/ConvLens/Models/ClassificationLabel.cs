namespace ConvLens.Models;

/// <summary>One class of a classifier: its output index, a short name and the full description.</summary>
/// <param name="Index">Position of the class in the model's output vector.</param>
/// <param name="Name">Short name (for ImageNet, the first WordNet synonym, such as <c>tabby</c>).</param>
/// <param name="Description">Full description (for ImageNet, every synonym, such as <c>tabby, tabby cat</c>).</param>
public sealed record ClassificationLabel(int Index, string Name, string Description)
{
    /// <summary>The label of a class a model names no label for: <c>class 17</c>.</summary>
    public static ClassificationLabel Unnamed(int index) => new(index, $"class {index}", $"class {index}");
}
