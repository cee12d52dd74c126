using ConvLens.Graph;
using A = ConvLens.Tests.Reference.RefActivations;
using E = ConvLens.Tests.Reference.RefElementwise;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Evaluates an <see cref="OnnxModel"/> in double precision with plain loops written from the ONNX
/// operator specs (NCHW). It is the judge of gradient rules, so it is kept independent of ONNX Runtime
/// and of the rules: slow and obvious rather than fast.
/// </summary>
internal static class ReferenceEvaluator
{
    /// <summary>
    /// The values named in <paramref name="outputs"/>. <paramref name="inputs"/> holds the graph inputs
    /// and may also hold intermediate values: a given value is used as is and its producer is not run,
    /// which is how a gradient check perturbs an intermediate value.
    /// </summary>
    /// <exception cref="NotSupportedException">The graph uses an operator the evaluator does not implement.</exception>
    public static Dictionary<string, RefTensor> Run(OnnxModel model, IReadOnlyDictionary<string, RefTensor> inputs, IEnumerable<string> outputs)
    {
        var graph = model.Graph;
        var wanted = outputs.ToList();
        var values = new Dictionary<string, RefTensor>(inputs, StringComparer.Ordinal);
        RefTensor? Value(string name) =>
            name.Length == 0 ? null
            : values.TryGetValue(name, out var v) ? v
            : graph.Initializers.TryGetValue(name, out var c) ? values[name] = RefTensor.FromConst(c)
            : throw new InvalidOperationException($"reference evaluator: '{name}' is not computed yet (is the graph sorted, and every input given?)");

        foreach (var node in NodesNeeded(graph, wanted, values.Keys))
        {
            var results = Evaluate(node, node.Inputs.Select(Value).ToArray(), model.Opset);
            for (int i = 0; i < results.Length && i < node.Outputs.Count; i++)
                if (node.Outputs[i].Length > 0) values.TryAdd(node.Outputs[i], results[i]);
        }
        return wanted.Distinct().ToDictionary(o => o, o => Value(o)!, StringComparer.Ordinal);
    }

    /// <summary>The nodes, in graph order, that compute some wanted value not already given.</summary>
    private static List<Node> NodesNeeded(OnnxGraph graph, IEnumerable<string> wanted, IEnumerable<string> given)
    {
        var givenSet = new HashSet<string>(given, StringComparer.Ordinal);
        var needed = new HashSet<string>(wanted, StringComparer.Ordinal);
        var nodes = new List<Node>();
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            if (!node.Outputs.Any(o => needed.Contains(o) && !givenSet.Contains(o))) continue;
            nodes.Add(node);
            needed.UnionWith(node.Inputs.Where(n => n.Length > 0));
        }
        nodes.Reverse();
        return nodes;
    }

    private static RefTensor[] Evaluate(Node node, RefTensor?[] x, long opset)
    {
        if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            throw new NotSupportedException($"reference evaluator has no op '{node.Domain}.{node.OpType}' (node '{node.DisplayName}')");
        RefTensor? At(int i) => i < x.Length ? x[i] : null;
        RefTensor In(int i) => At(i) ?? throw new ArgumentException($"reference {node}: input {i} is required");
        return node.OpType switch
        {
            "Conv" => [RefConvolution.Conv(node, In(0), In(1), At(2))],
            "ConvTranspose" => [RefConvolution.ConvTranspose(node, In(0), In(1), At(2))],
            "Resize" => [RefResize.Resize(node, In(0), opset >= 11 ? At(2) : At(1), opset >= 11 ? At(3) : null)],
            "MaxPool" => [RefPooling.MaxPool(node, In(0))],
            "AveragePool" => [RefPooling.AveragePool(node, In(0))],
            "GlobalAveragePool" => [RefPooling.Global(In(0), max: false)],
            "GlobalMaxPool" => [RefPooling.Global(In(0), max: true)],
            "Gemm" => [RefLinear.Gemm(node, In(0), In(1), At(2))],
            "MatMul" => [RefLinear.MatMul(In(0), In(1))],
            "BatchNormalization" => [RefNormalization.BatchNormalization(node, In(0), In(1), In(2), In(3), In(4))],
            "LRN" => [RefNormalization.Lrn(node, In(0))],
            "Softmax" => [RefNormalization.Softmax(node, In(0), opset, log: false)],
            "LogSoftmax" => [RefNormalization.Softmax(node, In(0), opset, log: true)],
            "LayerNormalization" => RefNormalization.LayerNormalization(node, In(0), In(1), At(2)),
            "InstanceNormalization" => [RefNormalization.InstanceNormalization(node, In(0), In(1), In(2))],
            "GroupNormalization" => [RefNormalization.GroupNormalization(node, In(0), In(1), In(2), opset)],
            "ReduceSum" or "ReduceMean" or "ReduceMax" or "ReduceMin" or "ReduceSumSquare" or "ReduceL1" or "ReduceL2" or "ReduceLogSumExp" or "ReduceProd"
                => [RefReduce.Reduce(node, In(0), At(1))],
            "Einsum" => [RefEinsum.Einsum(node, x.Select((_, i) => In(i)).ToList())],

            "Relu" => [E.Unary(In(0), v => Math.Max(v, 0))],
            "LeakyRelu" => [E.Unary(In(0), v => v >= 0 ? v : node.Float("alpha", 0.01f) * v)],
            "Sigmoid" => [E.Unary(In(0), E.Sigmoid)],
            "Tanh" => [E.Unary(In(0), Math.Tanh)],
            "Clip" => [E.Clip(node, In(0), At(1), At(2))],
            "PRelu" => [A.PRelu(In(0), In(1))],
            "ThresholdedRelu" => [A.ThresholdedRelu(node, In(0))],
            "HardSigmoid" => [A.HardSigmoid(node, In(0))],
            "HardSwish" => [A.HardSwish(In(0))],
            "Elu" => [A.Elu(node, In(0))],
            "Selu" => [A.Selu(node, In(0))],
            "Celu" => [A.Celu(node, In(0))],
            "Erf" => [E.Unary(In(0), A.Erf)],
            "Gelu" => [A.Gelu(node, In(0))],
            "Softplus" => [E.Unary(In(0), A.Softplus)],
            "Softsign" => [E.Unary(In(0), A.Softsign)],
            "Mish" => [E.Unary(In(0), A.Mish)],
            "Neg" => [E.Unary(In(0), v => -v)],
            "Sqrt" => [E.Unary(In(0), Math.Sqrt)],
            "Exp" => [E.Unary(In(0), Math.Exp)],
            "Log" => [E.Unary(In(0), Math.Log)],
            "Abs" => [E.Unary(In(0), Math.Abs)],
            "Reciprocal" => [E.Unary(In(0), v => 1 / v)],
            "Floor" => [E.Unary(In(0), Math.Floor)],
            "Ceil" => [E.Unary(In(0), Math.Ceiling)],
            "Sign" => [E.Unary(In(0), v => Math.Sign(v))],
            "Not" => [E.Unary(In(0), v => v != 0 ? 0 : 1)],
            "Identity" => [In(0)],
            "Dropout" => [In(0), new RefTensor(In(0).Shape, Enumerable.Repeat(1.0, (int)In(0).ElementCount).ToArray(), TensorElementType.Bool)],

            "Add" => [E.Binary(In(0), In(1), (a, b) => a + b)],
            "Sub" => [E.Binary(In(0), In(1), (a, b) => a - b)],
            "Mul" => [E.Binary(In(0), In(1), (a, b) => a * b)],
            "Div" => [E.Div(In(0), In(1))],
            "Pow" => [E.Binary(In(0), In(1), Math.Pow)],
            "Sum" => [E.Map(x.Select((_, i) => In(i)).ToList(), v => v.Sum())],
            "Max" => [E.Map(x.Select((_, i) => In(i)).ToList(), v => v.Max())],
            "Min" => [E.Map(x.Select((_, i) => In(i)).ToList(), v => v.Min())],
            "Mean" => [E.Map(x.Select((_, i) => In(i)).ToList(), v => v.Average())],
            "Greater" => [E.Compare(In(0), In(1), (a, b) => a > b)],
            "GreaterOrEqual" => [E.Compare(In(0), In(1), (a, b) => a >= b)],
            "Less" => [E.Compare(In(0), In(1), (a, b) => a < b)],
            "LessOrEqual" => [E.Compare(In(0), In(1), (a, b) => a <= b)],
            "Equal" => [E.Compare(In(0), In(1), (a, b) => a == b)],
            "And" => [E.Compare(In(0), In(1), (a, b) => a != 0 && b != 0)],
            "Or" => [E.Compare(In(0), In(1), (a, b) => a != 0 || b != 0)],
            "Where" => [E.Where(In(0), In(1), In(2))],
            "Expand" => [E.ExpandTo(In(0), In(1).ToLongs())],

            "Flatten" => [RefLayout.Flatten(node, In(0))],
            "Reshape" => [RefLayout.Reshape(node, In(0), In(1))],
            "Squeeze" => [RefLayout.Squeeze(node, In(0), At(1))],
            "Unsqueeze" => [RefLayout.Unsqueeze(node, In(0), At(1))],
            "Transpose" => [RefLayout.Transpose(node, In(0))],
            "Concat" => [RefIndexing.Concat(node, x.Select((_, i) => In(i)).ToList())],
            "Split" => RefIndexing.Split(node, In(0), At(1)),
            "Slice" => [RefIndexing.Slice(node, In(0), At(1), At(2), At(3), At(4))],
            "Pad" => [RefIndexing.Pad(node, In(0), At(1), At(2), At(3))],
            "Shape" => [RefLayout.Shape(node, In(0))],
            "Size" => [RefTensor.FromLongs([In(0).ElementCount])],
            "Gather" => [RefIndexing.Gather(node, In(0), In(1))],
            "GatherElements" => [RefIndexing.GatherElements(node, In(0), In(1))],
            "Tile" => [RefIndexing.Tile(In(0), In(1))],
            "DepthToSpace" => [RefLayout.DepthToSpace(node, In(0))],
            "SpaceToDepth" => [RefLayout.SpaceToDepth(node, In(0))],
            "Cast" => [RefLayout.Cast(node, In(0))],
            "ConstantOfShape" => [RefLayout.ConstantOfShape(node, In(0))],
            "Constant" => [RefTensor.FromConst(node.Attributes["value"].Tensor ?? throw new NotSupportedException($"reference {node}: only a 'value' tensor"))],
            _ => throw new NotSupportedException($"reference evaluator has no op '{node.OpType}' (node '{node.DisplayName}')"),
        };
    }
}
