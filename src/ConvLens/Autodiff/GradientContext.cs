using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>
/// What a <see cref="GradientRule"/> sees of one forward node: its inputs and outputs, the incoming
/// gradients, static shapes, and helpers that create temporary names, constants and nodes in the
/// form the model's opset expects. One set of helpers for every rule.
/// </summary>
public sealed class GradientContext
{
    private readonly ReverseModeDifferentiator.Session _session;
    private readonly string?[] _outputGrads;
    private readonly string?[] _inputGrads;
    private int _tempCounter;

    internal GradientContext(ReverseModeDifferentiator.Session session, Node node, string?[] outputGrads, string?[] inputGrads)
    {
        _session = session;
        Node = node;
        _outputGrads = outputGrads;
        _inputGrads = inputGrads;
    }

    /// <summary>The forward node.</summary>
    public Node Node { get; }

    /// <summary>Version of the default ONNX operator set the emitted nodes must follow.</summary>
    public long Opset => _session.Opset;

    /// <summary>Name of forward input <paramref name="index"/>.</summary>
    public string Input(int index) => Node.InputOrEmpty(index);

    /// <summary>Name of forward output <paramref name="index"/>.</summary>
    public string Output(int index) => Node.Outputs[index];

    /// <summary>The gradient flowing into output <paramref name="index"/>, or null when none does (it is zero).</summary>
    public string? OutputGrad(int index) => index < _outputGrads.Length ? _outputGrads[index] : null;

    /// <summary>Whether the rule must produce the gradient of input <paramref name="index"/>.</summary>
    public bool NeedsInputGrad(int index) => index < _inputGrads.Length && _inputGrads[index] is not null;

    /// <summary>The name the gradient of input <paramref name="index"/> must be written to.</summary>
    /// <exception cref="InvalidOperationException">That input needs no gradient (check <see cref="NeedsInputGrad"/>).</exception>
    public string InputGrad(int index) =>
        NeedsInputGrad(index) ? _inputGrads[index]! : throw new InvalidOperationException($"input {index} of {Node} needs no gradient");

    /// <summary>Static shape of any value, or null when unknown.</summary>
    public TensorShape? ShapeOf(string value) => _session.ShapeOf(value);

    /// <summary>Static shape of input <paramref name="index"/>; throws a clear error when unknown.</summary>
    public TensorShape InputShape(int index) => RequireShape(Input(index));

    /// <summary>Static shape of output <paramref name="index"/>; throws a clear error when unknown.</summary>
    public TensorShape OutputShape(int index) => RequireShape(Output(index));

    /// <summary>A constant input (initializer), or null when the value is computed at run time.</summary>
    public ConstTensor? ConstantValue(string value) => _session.ConstantValue(value);

    /// <summary>A fresh value name, unique in the graph.</summary>
    public string Temp(string hint) => _session.FreshName($"{_session.Prefix}{Node.DisplayName}/{hint}{_tempCounter++}");

    /// <summary>A float scalar constant.</summary>
    public string Constant(float value) => _session.AddConstant(ConstTensor.Scalar(value));

    /// <summary>A one-dimensional int64 constant (axes, shapes, pads).</summary>
    public string Constant(params long[] values) => _session.AddConstant(ConstTensor.Vector(values));

    /// <summary>Any constant tensor.</summary>
    public string Constant(ConstTensor tensor) => _session.AddConstant(tensor);

    /// <summary>A node of the default domain, named after the forward node.</summary>
    public Node Op(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs) =>
        new(opType, inputs, outputs, _session.FreshNodeName($"{_session.Prefix}{Node.DisplayName}/{opType}"));

    /// <summary>A single-output node writing to a fresh temporary; returns the node, its output is <c>Outputs[0]</c>.</summary>
    public Node Op(string opType, params string[] inputs) => Op(opType, inputs, [Temp(opType)]);

    /// <summary><c>ReduceSum</c> over <paramref name="axes"/> (axes as an input: opset 13 and later).</summary>
    public Node ReduceSum(string input, long[] axes, bool keepDims, string output) =>
        Op("ReduceSum", [input, Constant(axes)], [output]).With("keepdims", keepDims ? 1L : 0L);

    /// <summary><c>ReduceMean</c> over <paramref name="axes"/>, as an attribute before opset 18 and an input after.</summary>
    public Node ReduceMean(string input, long[] axes, bool keepDims, string output) => Opset >= 18
        ? Op("ReduceMean", [input, Constant(axes)], [output]).With("keepdims", keepDims ? 1L : 0L)
        : Op("ReduceMean", [input], [output]).With("axes", axes).With("keepdims", keepDims ? 1L : 0L);

    /// <summary><c>Unsqueeze</c> with axes as an input (opset 13 and later).</summary>
    public Node Unsqueeze(string input, long[] axes, string output) => Op("Unsqueeze", [input, Constant(axes)], [output]);

    /// <summary><c>Reshape</c> of <paramref name="input"/> to the run-time shape of <paramref name="like"/>.</summary>
    public IEnumerable<Node> ReshapeLike(string input, string like, string output)
    {
        var shape = Op("Shape", like);
        yield return shape;
        yield return Op("Reshape", [input, shape.Outputs[0]], [output]);
    }

    private TensorShape RequireShape(string value) => ShapeOf(value)
        ?? throw new ConvLensException($"cannot differentiate {Node}: the shape of '{value}' is not known statically");
}
