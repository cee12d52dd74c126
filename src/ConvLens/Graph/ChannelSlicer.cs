namespace ConvLens.Graph;

/// <summary>
/// Adds to a graph a copy of a convolution layer that computes only some of its output channels, chosen at
/// run time. An objective on a few channels of a layer (feature visualisation's channel objective) needs
/// neither the other channels' forward convolution nor their backward one; on VGG19 <c>block3_conv2</c>
/// those are a quarter of a gradient step's arithmetic (measured: a step 140 instead of 171 ms; the notebook
/// recipe 5.2 instead of 7.5 s, bench/RESULTS.md). The channels are picked by a float input, a one-hot
/// selection matrix S (K × C), so that one compiled session serves every choice of K channels: the copy's
/// weights are S·W and its bias S·b (exact: each row sums one weight and zeros).
/// </summary>
/// <remarks>
/// The value must be computed from a <c>Conv</c> (group 1, constant weights and bias) through operators that
/// act on each channel alone: element-wise activations, and <c>BatchNormalization</c> with constant
/// parameters. Anything else (an <c>Add</c> of two branches, a pool, a concatenation) is left alone and
/// <see cref="TrySlice"/> returns null, so the caller keeps the full layer.
/// </remarks>
public static class ChannelSlicer
{
    /// <summary>Activations applied to each element alone; their extra inputs, if any, must be constants.</summary>
    private static readonly HashSet<string> Elementwise = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Softplus", "HardSigmoid", "HardSwish", "Clip", "Identity",
        "Gelu",
    };

    /// <summary>
    /// Adds the sliced copy of <paramref name="value"/> and the graph input <paramref name="selectionInput"/>
    /// (float, <paramref name="count"/> × C) to <paramref name="model"/>; run shape inference afterwards.
    /// </summary>
    /// <returns>The sliced value (N, <paramref name="count"/>, ...) and the values it stands in for, or null when the value cannot be sliced.</returns>
    public static SlicedLayer? TrySlice(OnnxModel model, string value, string selectionInput, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var graph = model.Graph;
        var producers = graph.ProducerIndex();
        var chain = new List<Node>();
        var current = value;
        Node? conv = null;
        while (conv is null)
        {
            // The value must be the node's first output (BatchNormalization's others are training statistics).
            if (!producers.TryGetValue(current, out var node) || node.Outputs[0] != current) return null;
            if (node.Outputs.Count(o => o.Length > 0) != 1 && node.OpType != "BatchNormalization") return null;
            if (node.OpType == "Conv") conv = node;
            else if (IsChannelwise(graph, node)) chain.Add(node);
            else return null;
            current = node.Inputs[0];
        }
        if (!IsSliceableConv(graph, conv, count)) return null;

        var weights = graph.Initializers[conv.Inputs[1]];
        long channels = weights.Dims[0];
        graph.Inputs.Add(new ValueInfo(selectionInput, TensorElementType.Float, TensorShape.Of(count, channels)));
        var taken = graph.AllValueNames();
        string Fresh(string prefix)
        {
            var name = graph.UniqueName(prefix, taken);
            taken.Add(name);
            return name;
        }
        string Constant(ConstTensor tensor, string prefix)
        {
            var name = Fresh(prefix);
            graph.Initializers[name] = tensor;
            return name;
        }
        // Every added node is named after its (fresh) output: ONNX Runtime wants node names unique as well.
        var added = new List<Node>();
        string Select(string parameter)
        {
            // S · p for a per-channel vector, S · reshape(W, C × rest) for the weights.
            var shape = graph.Initializers[parameter].Dims;
            var source = parameter;
            if (shape.Length > 1)
            {
                source = Fresh($"{parameter}/rows");
                added.Add(new Node("Reshape", [parameter, Constant(ConstTensor.Vector(channels, -1), $"{parameter}/rows_shape")], [source], source));
            }
            var selected = Fresh($"{parameter}/selected");
            added.Add(new Node("MatMul", [selectionInput, source], [selected], selected));
            if (shape.Length <= 1) return selected;
            var reshaped = Fresh($"{parameter}/selected_kernel");
            added.Add(new Node("Reshape", [selected, Constant(ConstTensor.Vector([(long)count, .. shape[1..]]), $"{parameter}/kernel_shape")], [reshaped], reshaped));
            return reshaped;
        }

        var convCopy = conv.Clone();
        convCopy.Inputs[1] = Select(conv.Inputs[1]);
        if (conv.HasInput(2)) convCopy.Inputs[2] = Select(conv.Inputs[2]);
        convCopy.Outputs[0] = Fresh($"{conv.Outputs[0]}/selected");
        convCopy.Name = convCopy.Outputs[0];
        added.Add(convCopy);
        var output = convCopy.Outputs[0];
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            var copy = chain[i].Clone();
            copy.Inputs[0] = output;
            if (copy.OpType == "BatchNormalization")
                for (int p = 1; p <= 4; p++) copy.Inputs[p] = Select(copy.Inputs[p]);
            copy.Outputs.RemoveRange(1, copy.Outputs.Count - 1);
            copy.Outputs[0] = Fresh($"{chain[i].Outputs[0]}/selected");
            copy.Name = copy.Outputs[0];
            added.Add(copy);
            output = copy.Outputs[0];
        }
        graph.Nodes.AddRange(added);
        graph.SortTopologically();
        return new SlicedLayer(output, [conv.Outputs[0], .. Enumerable.Reverse(chain).Select(n => n.Outputs[0])]);
    }

    private static bool IsChannelwise(OnnxGraph graph, Node node)
    {
        if (node.OpType == "BatchNormalization")
            return node.Inputs.Count == 5 && node.Inputs.Skip(1).All(p => graph.Initializers.TryGetValue(p, out var t) && t.Dims.Length == 1);
        if (!Elementwise.Contains(node.OpType) || node.Inputs.Count == 0) return false;
        // PRelu's slope may be per channel: it would need slicing too; only a single slope is taken as is.
        if (node.OpType == "PRelu")
            return node.Inputs.Count == 2 && graph.Initializers.TryGetValue(node.Inputs[1], out var slope) && slope.ElementCount == 1;
        return node.Inputs.Skip(1).All(i => i.Length == 0 || graph.Initializers.TryGetValue(i, out var t) && t.ElementCount == 1);
    }

    private static bool IsSliceableConv(OnnxGraph graph, Node conv, int count)
    {
        if (conv.Int("group", 1) != 1 || !graph.Initializers.TryGetValue(conv.Inputs[1], out var weights)) return false;
        if (weights.ElementType != TensorElementType.Float || weights.Dims.Length < 3 || count >= weights.Dims[0]) return false;
        return !conv.HasInput(2) || graph.Initializers.TryGetValue(conv.Inputs[2], out var bias) && bias.ElementType == TensorElementType.Float;
    }
}
