namespace ConvLens.Graph;

/// <summary>
/// Builds graphs in code: the Keras loader, the tests and the benchmarks use it to make models.
/// </summary>
/// <example>
/// <code>
/// var b = new GraphBuilder();
/// var x = b.Input("x", Dim.Sym("N"), 3, 8, 8);
/// var y = b.Node("Conv", [x, b.Weight("w", weights, 4, 3, 3, 3)], "conv").With("pads", [1L, 1, 1, 1]).Outputs[0];
/// b.Output(b.Node("Relu", [y], "relu").Outputs[0]);
/// var model = b.Build();
/// </code>
/// </example>
public sealed class GraphBuilder
{
    private readonly OnnxGraph _graph = new();
    private readonly long _opset;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph for the given opset.</summary>
    public GraphBuilder(long opset = 17) => _opset = opset;

    /// <summary>Adds a float input and returns its name.</summary>
    public string Input(string name, params Dim[] shape) => Input(name, TensorElementType.Float, shape);

    /// <summary>Adds an input of any element type and returns its name.</summary>
    public string Input(string name, TensorElementType type, params Dim[] shape)
    {
        Claim(name);
        _graph.Inputs.Add(new ValueInfo(name, type, new TensorShape(shape)));
        return name;
    }

    /// <summary>Adds a constant tensor and returns its name.</summary>
    public string Initializer(string name, ConstTensor tensor)
    {
        Claim(name);
        _graph.Initializers[name] = tensor;
        return name;
    }

    /// <summary>Adds a float constant (weights, biases) and returns its name.</summary>
    public string Weight(string name, float[] data, params long[] dims) => Initializer(name, ConstTensor.FromFloats(data, dims));

    /// <summary>Adds an int64 vector constant (shapes, axes, pads) and returns its name.</summary>
    public string Ints(string name, params long[] values) => Initializer(name, ConstTensor.Vector(values));

    /// <summary>Adds a node with one output named <paramref name="output"/> (also the node's name).</summary>
    public Node Node(string opType, string[] inputs, string output) => Node(opType, inputs, [output], output);

    /// <summary>Adds a node with several outputs.</summary>
    public Node Node(string opType, string[] inputs, string[] outputs, string name)
    {
        foreach (var o in outputs) Claim(o);
        var node = new Node(opType, inputs, outputs, name);
        _graph.Nodes.Add(node);
        return node;
    }

    /// <summary>Marks a value as a graph output.</summary>
    public void Output(string name) => _graph.Outputs.Add(new ValueInfo(name, TensorElementType.Float, null));

    /// <summary>
    /// The finished model: nodes sorted, shapes inferred (see <see cref="ShapeInference"/>).
    /// </summary>
    /// <exception cref="ConvLensException">The graph reads a value nothing produces.</exception>
    public OnnxModel Build()
    {
        var model = new OnnxModel(_graph.Clone(), _opset) { IrVersion = 8 };
        model.Graph.SortTopologically();
        ShapeInference.Infer(model);
        if (CeilModePoolRewriter.Rewrite(model) > 0) ShapeInference.Infer(model);
        return model;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"value '{name}' is defined twice", nameof(name));
    }
}
