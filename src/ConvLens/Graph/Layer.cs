namespace ConvLens.Graph;

/// <summary>
/// A value of the network a user can ask for: a node output, with its PyTorch module paths, Keras names
/// and positional aliases where the model has them.
/// </summary>
/// <param name="Value">The ONNX value name (what the graph calls it).</param>
/// <param name="Node">The node that produces it.</param>
/// <param name="Aliases">Other names that resolve to it (<c>layer1.0</c>, <c>block3_conv2</c>, <c>conv7</c>), friendliest
/// first: module paths (shallowest first), then Keras names, then positional aliases.</param>
/// <param name="Shape">Its shape at the model's input size (batch symbolic).</param>
/// <param name="Parameters">Number of weights the producing node owns (each initializer counted once).</param>
public sealed record Layer(string Value, Node Node, IReadOnlyList<string> Aliases, TensorShape? Shape, long Parameters)
{
    /// <summary>
    /// The name to show users, the one rule for every table, title and JSON field: the name the user typed
    /// when they typed an alias (<see cref="RequestedName"/>), else the friendliest alias, else the value name.
    /// </summary>
    public string DisplayName => RequestedName ?? (Aliases.Count > 0 ? Aliases[0] : Value);

    /// <summary>The alias the user typed to reach this layer (set by <see cref="LayerCatalog.Resolve"/>), or null.</summary>
    public string? RequestedName { get; init; }

    /// <summary>Node-name prefix of the preprocessing nodes a preset prepends.</summary>
    public const string PreprocessingPrefix = "preprocess/";

    /// <summary>True for the nodes of a prepended preprocessing preset (their constants are not the network's parameters).</summary>
    public bool IsPreprocessing => Node.Name.StartsWith(PreprocessingPrefix, StringComparison.Ordinal);

    /// <summary>Number of channels (dimension 1) when the layer is at least 2-D and it is known.</summary>
    public int? Channels => Shape is { Rank: >= 2 } s && s[1].IsKnown ? (int)s[1].Value : null;
}
