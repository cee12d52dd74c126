namespace ConvLens.Graph;

/// <summary>One enclosing scope of a node, as its exporter named it.</summary>
/// <param name="Key">The scope's raw name prefix: one call of one module (<c>/layer1/layer1.0/relu_1</c>).</param>
/// <param name="Path">The name users know: a PyTorch module path before call suffixes are resolved
/// (<c>layer1.0.relu_1</c>), or a Keras layer name (<c>block1_conv1</c>).</param>
/// <param name="Depth">How deeply the scope nests (1 for a top-level module or layer).</param>
/// <param name="Kind"><see cref="AliasKind.ModulePath"/> for PyTorch scopes, <see cref="AliasKind.KerasName"/> for tf2onnx ones.</param>
internal sealed record ScopeFrame(string Key, string Path, int Depth, AliasKind Kind);
