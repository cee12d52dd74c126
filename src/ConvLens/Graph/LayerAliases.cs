namespace ConvLens.Graph;

/// <summary>
/// Computes every alias of a graph's values: PyTorch module paths and Keras layer names read from the
/// exporter's node names, Keras names for plain VGG-style chains, and positional aliases.
/// </summary>
internal static class LayerAliases
{
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal) { "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "Elu", "Selu", "PRelu", "HardSigmoid", "Softplus" };

    /// <summary>
    /// The aliases of each value, friendliest first: by <see cref="AliasKind"/>, then the shallowest scope
    /// (<c>layer1</c> before <c>layer1.0.relu</c>), then a module's plain path before its numbered calls.
    /// An alias never shadows a real value name nor an alias of a higher kind; a positional alias a
    /// friendlier name took is skipped without renumbering the others.
    /// </summary>
    public static Dictionary<string, List<string>> Compute(OnnxGraph graph)
    {
        var all = new List<ValueAlias>();
        var values = graph.AllValueNames();
        var given = new HashSet<string>(StringComparer.Ordinal);
        void Add(string value, string name, AliasKind kind, int depth = 0)
        {
            // A value's own name may be its alias too (Keras-built graphs name values block1_conv1): it ranks the name.
            if ((name == value || !values.Contains(name)) && given.Add(name)) all.Add(new ValueAlias(value, name, kind, depth));
        }
        foreach (var alias in ScopeAliases.Compute(graph)) Add(alias.Value, alias.Name, alias.Kind, alias.Depth);

        var consumers = graph.ConsumerIndex();
        if (IsPlainChain(graph)) AddKerasNames(graph, consumers, (value, name) => Add(value, name, AliasKind.KerasStyleName));
        AddPositional(graph, consumers, (value, name) => Add(value, name, AliasKind.Positional));

        return all.OrderBy(a => a.Kind).ThenBy(a => a.Depth).ThenBy(a => a.Name.Contains('#'))
            .GroupBy(a => a.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Name).ToList(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <c>conv1</c>…, <c>pool1</c>…, <c>fc1</c>… (numbering fixed: tests and saved reports rely on it), then
    /// <c>add1</c>… for residual joins (an Add of two computed tensors) and <c>concat1</c>… for channel
    /// concatenations, each after its directly following activation, so every block output has a name.
    /// </summary>
    private static void AddPositional(OnnxGraph graph, Dictionary<string, List<Node>> consumers, Action<string, string> add)
    {
        var constants = graph.Nodes.Where(n => n.OpType == "Constant").SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        constants.UnionWith(graph.Initializers.Keys);
        int conv = 0, pool = 0, fc = 0, join = 0, concat = 0;
        foreach (var node in graph.Nodes)
        {
            bool network = !node.Name.StartsWith(Layer.PreprocessingPrefix, StringComparison.Ordinal);
            var (alias, batchNorm) = node.OpType switch
            {
                "Conv" => ($"conv{++conv}", true),
                "MaxPool" or "AveragePool" => ($"pool{++pool}", true),
                "Gemm" or "MatMul" => ($"fc{++fc}", true),
                "Add" when network && node.Inputs.Count(i => i.Length > 0 && !constants.Contains(i)) == 2 => ($"add{++join}", false),
                "Concat" when network && IsChannelConcat(graph, node) => ($"concat{++concat}", false),
                _ => ((string?)null, false),
            };
            if (alias is not null) add(FollowActivation(node, consumers, batchNorm), alias);
        }
    }

    private static bool IsChannelConcat(OnnxGraph graph, Node node)
    {
        long axis = node.Int("axis", 0);
        if (axis < 0 && graph.ShapeOf(node.Outputs[0]) is { } shape) axis += shape.Rank;
        return axis == 1;
    }

    /// <summary>Whether the graph is one chain without residual or concatenating joins (VGG, AlexNet).</summary>
    private static bool IsPlainChain(OnnxGraph graph) =>
        graph.Nodes.Any(n => n.OpType is "MaxPool" or "AveragePool")
        && graph.Nodes.Count(n => n.OpType == "Conv") > 0
        && !graph.Nodes.Any(n => n.OpType is "Concat" or "Sum" || n.OpType == "Add" && n.Inputs.Count(i => !graph.Initializers.ContainsKey(i)) > 1);

    private static void AddKerasNames(OnnxGraph graph, Dictionary<string, List<Node>> consumers, Action<string, string> add)
    {
        int block = 1, convInBlock = 0;
        var dense = new List<Node>();
        foreach (var node in graph.Nodes)
        {
            switch (node.OpType)
            {
                case "Conv":
                    add(FollowActivation(node, consumers, includeBatchNorm: true), $"block{block}_conv{++convInBlock}");
                    break;
                case "MaxPool" or "AveragePool" when convInBlock > 0:
                    add(node.Outputs[0], $"block{block}_pool");
                    block++;
                    convInBlock = 0;
                    break;
                case "Flatten":
                    add(node.Outputs[0], "flatten");
                    break;
                case "Gemm" or "MatMul":
                    dense.Add(node);
                    break;
            }
        }
        for (int i = 0; i < dense.Count; i++)
        {
            var output = FollowActivation(dense[i], consumers, includeBatchNorm: false);
            bool last = i == dense.Count - 1;
            add(output, last ? "predictions" : $"fc{i + 1}");
        }
    }

    /// <summary>
    /// The value a Keras layer would output for <paramref name="node"/>: follows a bias Add (for MatMul),
    /// BatchNormalization and one activation (or a final Softmax) when each is the single consumer.
    /// </summary>
    private static string FollowActivation(Node node, Dictionary<string, List<Node>> consumers, bool includeBatchNorm)
    {
        var value = node.Outputs[0];
        bool activated = false;
        while (consumers.TryGetValue(value, out var next) && next.Count == 1)
        {
            var n = next[0];
            bool step = n.OpType == "Add" && node.OpType == "MatMul" && value == node.Outputs[0]
                || includeBatchNorm && n.OpType == "BatchNormalization"
                || !activated && (Activations.Contains(n.OpType) || n.OpType == "Softmax");
            if (!step) break;
            activated |= Activations.Contains(n.OpType) || n.OpType == "Softmax";
            value = n.Outputs[0];
        }
        return value;
    }
}
