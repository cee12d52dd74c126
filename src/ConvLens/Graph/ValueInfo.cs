namespace ConvLens.Graph;

/// <summary>Name, element type and (possibly partial) shape of a graph value.</summary>
/// <param name="Name">The value's name in the graph.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Shape">Shape, or null when unknown.</param>
public sealed record ValueInfo(string Name, TensorElementType ElementType, TensorShape? Shape);
