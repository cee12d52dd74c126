namespace ConvLens.Graph;

/// <summary>An alias of a graph value, with what ranks it among the value's other names.</summary>
/// <param name="Value">The ONNX value it names.</param>
/// <param name="Name">The alias.</param>
/// <param name="Kind">Where it comes from (the first ranking key).</param>
/// <param name="Depth">How deeply its scope nests (the second key: <c>layer1</c> before <c>layer1.0.relu</c>).</param>
internal sealed record ValueAlias(string Value, string Name, AliasKind Kind, int Depth);
