namespace ConvLens.Graph;

/// <summary>Where an alias comes from; the order is the display priority (friendliest first).</summary>
internal enum AliasKind
{
    /// <summary>A PyTorch module path read from the exporter's node names (<c>layer1.0.conv1</c>).</summary>
    ModulePath,

    /// <summary>A Keras layer name read from tf2onnx node names (<c>block1_conv1</c>).</summary>
    KerasName,

    /// <summary>A Keras name given to a plain VGG-style chain by its structure (<c>block3_conv2</c>).</summary>
    KerasStyleName,

    /// <summary>A positional alias (<c>conv7</c>, <c>pool2</c>, <c>fc1</c>, <c>add3</c>, <c>concat2</c>).</summary>
    Positional,
}
