namespace ConvLens.Dataset;

/// <summary>
/// What an index's numbers depend on besides the image: the model (its fingerprint, which covers the file
/// and the preprocessing prepended to it), the layer (its ONNX value, so aliases share entries), the
/// preprocessing preset, and how images are fitted to the input (resize mode and size). Entries made under
/// another context are never used. The rest describes the layer, for readers of the index.
/// </summary>
/// <param name="Fingerprint">The network's fingerprint (<see cref="Runtime.Network.Fingerprint"/>).</param>
/// <param name="Layer">The layer's ONNX value name.</param>
/// <param name="Preprocessing">The preprocessing preset in the graph.</param>
/// <param name="Resize">The resize mode's command-line name.</param>
/// <param name="InputWidth">Model input width.</param>
/// <param name="InputHeight">Model input height.</param>
/// <param name="LayerName">The name the layer is shown by.</param>
/// <param name="Channels">Channels of the layer.</param>
/// <param name="MapHeight">Height of one channel's map (1 for a vector layer).</param>
/// <param name="MapWidth">Width of one channel's map (1 for a vector layer).</param>
/// <param name="Classes">Classes of the classifier whose prediction is stored, 0 when none is.</param>
public sealed record IndexContext(string Fingerprint, string Layer, string Preprocessing, string Resize, int InputWidth, int InputHeight,
    string LayerName, int Channels, int MapHeight, int MapWidth, int Classes)
{
    /// <summary>The identifying part, for messages.</summary>
    public string Key => $"model {Fingerprint}, layer {LayerName}, preprocessing {Preprocessing}, {Resize} to {InputWidth}×{InputHeight}";
}
