using ConvLens.Graph;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Builds small graphs whose node and value names follow an exporter's convention (PyTorch's
/// <c>/layer1/layer1.0/conv1/Conv</c> nodes with <c>…_output_0</c> values, tf2onnx's scopes, CNTK's plain names).
/// </summary>
internal sealed class ExportedGraph
{
    /// <summary>Channels of the input and of every convolution unless told otherwise.</summary>
    public const int Channels = 4;

    /// <summary>Spatial side of the input.</summary>
    public const int Size = 8;

    private readonly GraphBuilder _builder = new(opset: 17);
    private readonly Random _random = new(11);
    private readonly string _valueSuffix;

    /// <summary>Starts a graph; each node's output is its name followed by <paramref name="valueSuffix"/>.</summary>
    public ExportedGraph(string valueSuffix = "_output_0")
    {
        _valueSuffix = valueSuffix;
        Input = _builder.Input("input.1", Dim.Sym("N"), Channels, Size, Size);
    }

    /// <summary>The graph input (N, <see cref="Channels"/>, <see cref="Size"/>, <see cref="Size"/>).</summary>
    public string Input { get; }

    /// <summary>A 3×3 convolution (padding 1) named <paramref name="node"/>.</summary>
    public string Conv(string node, string x, int inChannels = Channels, int outChannels = Channels) =>
        _builder.Node("Conv", [x, Weight($"{node}.weight", outChannels, inChannels, 3, 3)], [Value(node)], node)
            .With("kernel_shape", new long[] { 3, 3 }).With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];

    /// <summary>A node without weights or attributes (Relu, Add, Flatten, GlobalAveragePool…).</summary>
    public string Op(string opType, string node, params string[] inputs) => _builder.Node(opType, inputs, [Value(node)], node).Outputs[0];

    /// <summary>A channel concatenation (axis 1).</summary>
    public string Concat(string node, params string[] inputs) => _builder.Node("Concat", inputs, [Value(node)], node).With("axis", 1L).Outputs[0];

    /// <summary>A bias addition (one input an initializer): not a residual join.</summary>
    public string AddBias(string node, string x, params long[] dims) => Op("Add", node, x, Weight($"{node}.bias", dims));

    /// <summary>A 2×2 max pool with stride 2 (output name <paramref name="output"/> when given).</summary>
    public string MaxPool(string node, string x, string? output = null) =>
        _builder.Node("MaxPool", [x], [output ?? Value(node)], node)
            .With("kernel_shape", new long[] { 2, 2 }).With("strides", new long[] { 2, 2 }).Outputs[0];

    /// <summary>A fully connected layer <c>x · W</c> (MatMul with an initializer); <paramref name="output"/> overrides the value name.</summary>
    public string MatMul(string node, string x, int inFeatures, int outFeatures, string? output = null) =>
        _builder.Node("MatMul", [x, Weight($"{node}.weight", inFeatures, outFeatures)], [output ?? Value(node)], node).Outputs[0];

    /// <summary>The model with <paramref name="output"/> as its output, shapes inferred.</summary>
    public OnnxModel Build(string output)
    {
        _builder.Output(output);
        return _builder.Build();
    }

    private string Value(string node) => node + _valueSuffix;

    private string Weight(string name, params long[] dims)
    {
        var data = new float[dims.Aggregate(1L, (a, d) => a * d)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(_random.NextDouble() - 0.5);
        return _builder.Weight(name, data, dims);
    }
}
