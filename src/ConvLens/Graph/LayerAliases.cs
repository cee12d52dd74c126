namespace ConvLens.Graph;

/// <summary>Computes the Keras-style names and positional aliases of a graph's values.</summary>
internal static class LayerAliases
{
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal) { "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "Elu", "Selu", "PRelu", "HardSigmoid", "Softplus" };

    public static Dictionary<string, List<string>> Compute(OnnxGraph graph)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string value, string alias)
        {
            if (!aliases.TryGetValue(value, out var list)) aliases[value] = list = [];
            if (!list.Contains(alias)) list.Add(alias);
        }
        var consumers = graph.ConsumerIndex();
        var taken = graph.AllValueNames();

        if (IsPlainChain(graph)) AddKerasNames(graph, consumers, Add);

        int conv = 0, pool = 0, fc = 0;
        foreach (var node in graph.Nodes)
        {
            string? alias = node.OpType switch
            {
                "Conv" => $"conv{++conv}",
                "MaxPool" or "AveragePool" => $"pool{++pool}",
                "Gemm" or "MatMul" => $"fc{++fc}",
                _ => null,
            };
            // An alias never shadows a real value name, nor a Keras name already given.
            if (alias is null || taken.Contains(alias) || aliases.Values.Any(l => l.Contains(alias))) continue;
            Add(FollowActivation(node, consumers, includeBatchNorm: true), alias);
        }
        return aliases;
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
