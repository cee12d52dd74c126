namespace ConvLens.Graph;

/// <summary>
/// The per-node rewrites of <see cref="OpsetNormalizer"/>: each turns one node of opset 7–12 into the
/// node (or nodes) that compute the same values under opset 13. Parameters that moved from attributes
/// to inputs become new initializers with unique names.
/// </summary>
internal sealed class OpsetRewriter
{
    private readonly OnnxModel _model;
    private readonly long _opset;
    private readonly HashSet<string> _taken;
    private readonly Dictionary<string, List<Node>> _consumers;
    private readonly HashSet<string> _graphOutputs;

    public OpsetRewriter(OnnxModel model, long opset)
    {
        _model = model;
        _opset = opset;
        _taken = model.Graph.AllValueNames();
        _consumers = model.Graph.ConsumerIndex();
        _graphOutputs = model.Graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    private OnnxGraph Graph => _model.Graph;

    /// <summary>The opset-13 nodes that replace <paramref name="node"/> (the node itself, possibly changed, in most cases).</summary>
    public IEnumerable<Node> Rewrite(Node node)
    {
        switch (node.OpType)
        {
            case "Unsqueeze" or "Squeeze" or "ReduceSum":
                MoveIntsToInput(node, "axes", 1, "axes");
                break;
            case "Split":
                MoveIntsToInput(node, "split", 1, "split");
                break;
            case "Slice" when node.Attributes.ContainsKey("starts"):
                MoveIntsToInput(node, "starts", 1, "starts");
                MoveIntsToInput(node, "ends", 2, "ends");
                MoveIntsToInput(node, "axes", 3, "axes");
                break;
            case "TopK" when node.Attributes.Remove("k", out var k):
                SetInput(node, 1, AddConstant(node, "k", ConstTensor.Vector(k.Int)));
                break;
            case "Pad" when node.Attributes.ContainsKey("pads"):
                RewritePad(node);
                break;
            case "Clip" when _opset < 11:
                RewriteClip(node);
                break;
            case "Dropout":
                RewriteDropout(node);
                break;
            case "BatchNormalization":
                RewriteBatchNormalization(node);
                break;
            case "Softmax" or "LogSoftmax" or "Hardmax":
                return RewriteSoftmaxFamily(node);
            case "Upsample":
                RewriteUpsample(node);
                break;
            case "Resize" when _opset == 10:
                RewriteResize10(node);
                break;
            case "ImageScaler":
                return RewriteImageScaler(node);
            case "Scatter":
                // Scatter was renamed at opset 11 with unchanged semantics; the old name is deprecated.
                node.OpType = "ScatterElements";
                break;
        }
        return [node];
    }

    private void MoveIntsToInput(Node node, string attribute, int index, string suffix)
    {
        if (!node.Attributes.Remove(attribute, out var a)) return;
        SetInput(node, index, AddConstant(node, suffix, ConstTensor.Vector(a.Ints)));
    }

    private void RewritePad(Node node)
    {
        node.Attributes.Remove("pads", out var pads);
        SetInput(node, 1, AddConstant(node, "pads", ConstTensor.Vector(pads!.Ints)));
        // Pad-11's constant_value defaults to 0 like Pad-2's value; only a non-zero value in constant mode needs an input.
        if (node.Attributes.Remove("value", out var value) && value.Float != 0f && node.String("mode", "constant") == "constant")
            SetInput(node, 2, AddConstant(node, "constant_value", ScalarLike(node.Inputs[0], value.Float)));
    }

    private void RewriteClip(Node node)
    {
        bool hasMin = node.Attributes.Remove("min", out var min);
        bool hasMax = node.Attributes.Remove("max", out var max);
        // Absent bounds stay absent: Clip-11 defaults them to the type's extremes, as Clip-6 did.
        if (hasMin) SetInput(node, 1, AddConstant(node, "min", ScalarLike(node.Inputs[0], min!.Float)));
        if (hasMax) SetInput(node, 2, AddConstant(node, "max", ScalarLike(node.Inputs[0], max!.Float)));
    }

    private void RewriteDropout(Node node)
    {
        // Inference ignores the ratio, so it is dropped rather than moved; is_test predates opset 7.
        node.Attributes.Remove("ratio");
        node.Attributes.Remove("is_test");
        if (_opset < 10 && node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && IsUsed(node.Outputs[1]))
            throw new ConvLensException(
                $"'{_model.Source}': {node} uses Dropout's mask output, whose type changed from the data type to bool at opset 10; ConvLens cannot convert it");
    }

    private void RewriteBatchNormalization(Node node)
    {
        if (!node.Attributes.Remove("spatial", out var spatial) || spatial.Int == 1) return;
        throw new ConvLensException(
            $"'{_model.Source}': {node} has spatial={spatial.Int}: per-activation batch normalization was removed from ONNX at opset 9 and ConvLens supports only spatial=1");
    }

    /// <summary>
    /// Before opset 13 these operators flatten the input to 2-D at <c>axis</c> and normalise each row; from 13
    /// they normalise along <c>axis</c> alone. The two agree when nothing follows the axis but ones;
    /// otherwise the old behaviour is spelled out as Flatten, a last-axis Softmax and a Reshape back.
    /// </summary>
    private IEnumerable<Node> RewriteSoftmaxFamily(Node node)
    {
        var input = node.Inputs[0];
        if (node.Int("axis", 1) == -1) return [node]; // the last axis, whatever the rank
        var shape = Graph.ShapeOf(input)
            ?? throw new ConvLensException($"'{_model.Source}': the rank of '{input}', input of {node}, is not known, so its pre-opset-13 {node.OpType} cannot be converted");
        int rank = shape.Rank;
        long axis = node.Int("axis", 1);
        if (axis < -rank || axis > rank)
            throw new ConvLensException($"'{_model.Source}': {node} has axis {axis}, outside the rank {rank} of its input '{input}'");
        if (axis < 0) axis += rank;
        bool onlyOnesAfter = Enumerable.Range((int)axis + 1, Math.Max(0, rank - (int)axis - 1)).All(i => shape[i].IsKnown && shape[i].Value == 1);
        if (axis < rank && onlyOnesAfter)
        {
            node.Attributes["axis"] = NodeAttribute.Of(axis);
            return [node];
        }

        string baseName = node.DisplayName;
        string flat = Fresh($"{baseName}_flat");
        string normalized = Fresh($"{baseName}_2d");
        string originalShape = Fresh($"{baseName}_shape");
        var flatten = new Node("Flatten", [input], [flat], Fresh($"{baseName}/flatten")).With("axis", axis);
        var op = new Node(node.OpType, [flat], [normalized], node.Name).With("axis", -1L);
        var shapeOf = new Node("Shape", [input], [originalShape], Fresh($"{baseName}/shape"));
        var reshape = new Node("Reshape", [normalized, originalShape], [node.Outputs[0]], Fresh($"{baseName}/reshape"));
        return [flatten, op, shapeOf, reshape];
    }

    /// <summary>
    /// Upsample (and Resize-10) map output coordinates to input ones as <c>x / scale</c> and, for nearest,
    /// round down when enlarging; Resize-13 says so with <c>asymmetric</c> and <c>floor</c>.
    /// </summary>
    private void RewriteUpsample(Node node)
    {
        string scales = node.Attributes.Remove("scales", out var attr)
            ? AddConstant(node, "scales", ConstTensor.FromFloats(attr.Floats, attr.Floats.Length))
            : node.Inputs[1];
        string x = node.Inputs[0];
        node.OpType = "Resize";
        node.Inputs.Clear();
        node.Inputs.AddRange([x, "", scales]);
        SetAsymmetric(node, roundUp: false);
    }

    private void RewriteResize10(Node node)
    {
        string scales = node.Inputs[1];
        bool nearest = node.String("mode", "nearest") == "nearest";
        bool roundUp = false;
        if (nearest)
        {
            // Resize-10 rounds down along enlarged axes and up along shrunk ones; Resize-13 has one rule.
            var values = Graph.Initializers.TryGetValue(scales, out var t) ? t.ToFloats()
                : throw new ConvLensException($"'{_model.Source}': {node} (Resize-10, nearest) has scales computed at run time; ConvLens needs them constant to convert it exactly");
            if (values.Any(s => s > 1) && values.Any(s => s < 1))
                throw new ConvLensException($"'{_model.Source}': {node} (Resize-10, nearest) enlarges some axes and shrinks others, which no single opset-13 Resize reproduces");
            roundUp = values.Any(s => s < 1);
        }
        node.Inputs.Insert(1, "");
        SetAsymmetric(node, roundUp);
    }

    private void SetAsymmetric(Node node, bool roundUp)
    {
        node.Attributes["coordinate_transformation_mode"] = NodeAttribute.Of("asymmetric");
        if (node.String("mode", "nearest") == "nearest")
            node.Attributes["nearest_mode"] = NodeAttribute.Of(roundUp ? "ceil" : "floor");
    }

    /// <summary>ImageScaler (experimental, gone from opset 10) is <c>x * scale + bias[c]</c>.</summary>
    private IEnumerable<Node> RewriteImageScaler(Node node)
    {
        float scale = node.Float("scale", 1f);
        var bias = node.Attributes.TryGetValue("bias", out var b) ? b.Floats : [];
        string scaled = bias.Length > 0 ? Fresh($"{node.DisplayName}_scaled") : node.Outputs[0];
        var mul = new Node("Mul", [node.Inputs[0], AddConstant(node, "scale", ConstTensor.Scalar(scale))], [scaled], node.Name);
        if (bias.Length == 0) return [mul];
        var add = new Node("Add", [scaled, AddConstant(node, "bias", ConstTensor.FromFloats(bias, 1, bias.Length, 1, 1))],
            [node.Outputs[0]], Fresh($"{node.DisplayName}/bias"));
        return [mul, add];
    }

    /// <summary>A scalar of the element type of <paramref name="like"/> (float when unknown: the old Pad and Clip were float-only).</summary>
    private ConstTensor ScalarLike(string like, float value)
    {
        var type = Graph.InfoOf(like)?.ElementType ?? TensorElementType.Float;
        return type switch
        {
            TensorElementType.Double => new ConstTensor(type, [], BitConverter.GetBytes((double)value)),
            TensorElementType.Float16 => new ConstTensor(type, [], BitConverter.GetBytes((Half)value)),
            _ => ConstTensor.Scalar(value),
        };
    }

    private string AddConstant(Node node, string suffix, ConstTensor value)
    {
        string name = Fresh($"{node.DisplayName}_{suffix}");
        Graph.Initializers[name] = value;
        return name;
    }

    private string Fresh(string prefix)
    {
        string name = Graph.UniqueName(prefix, _taken);
        _taken.Add(name);
        return name;
    }

    private bool IsUsed(string value) => _graphOutputs.Contains(value) || _consumers.ContainsKey(value);

    private static void SetInput(Node node, int index, string name)
    {
        while (node.Inputs.Count <= index) node.Inputs.Add("");
        node.Inputs[index] = name;
    }
}
