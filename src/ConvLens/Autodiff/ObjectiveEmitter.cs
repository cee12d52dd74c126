using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>Appends objective nodes to a model, in the form its opset expects.</summary>
public sealed class ObjectiveEmitter
{
    private readonly OnnxModel _model;

    internal ObjectiveEmitter(OnnxModel model) => _model = model;

    /// <summary>Static shape of a value, or null.</summary>
    public TensorShape? ShapeOf(string value) => _model.Graph.ShapeOf(value);

    /// <summary>Static shape of a value; a clear error when unknown.</summary>
    public TensorShape RequireShape(string value) =>
        ShapeOf(value) ?? throw new ConvLensException($"the shape of '{value}' is not known, so no objective can be built on it");

    /// <summary>Adds a single-output node and returns it (its output is <c>Outputs[0]</c>).</summary>
    public Node Op(string opType, params string[] inputs)
    {
        var output = _model.Graph.UniqueName($"cl_obj/{opType}");
        var node = new Node(opType, inputs, [output], output);
        _model.Graph.Nodes.Add(node);
        return node;
    }

    /// <summary>Adds a constant and returns its name.</summary>
    public string Constant(ConstTensor tensor)
    {
        var name = _model.Graph.UniqueName("cl_obj/const");
        _model.Graph.Initializers[name] = tensor;
        return name;
    }

    /// <summary><c>ReduceSum</c> over <paramref name="axes"/>.</summary>
    public string ReduceSum(string input, long[] axes, bool keepDims) =>
        Op("ReduceSum", input, Constant(ConstTensor.Vector(axes))).With("keepdims", keepDims ? 1L : 0L).Outputs[0];

    /// <summary><c>ReduceMean</c> over <paramref name="axes"/> (attribute or input by opset).</summary>
    public string ReduceMean(string input, long[] axes, bool keepDims) => _model.Opset >= 18
        ? Op("ReduceMean", input, Constant(ConstTensor.Vector(axes))).With("keepdims", keepDims ? 1L : 0L).Outputs[0]
        : Op("ReduceMean", input).With("axes", axes).With("keepdims", keepDims ? 1L : 0L).Outputs[0];
}
