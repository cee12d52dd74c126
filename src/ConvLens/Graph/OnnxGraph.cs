namespace ConvLens.Graph;

/// <summary>
/// A mutable ONNX graph: nodes in topological order, constant initializers, inputs, outputs and the
/// known shapes of values. Every ConvLens transformation (pruning, folding, differentiation) reads and
/// writes this type; only <see cref="OnnxModelReader"/> and <see cref="OnnxModelWriter"/> see protobuf.
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>The graph's name.</summary>
    public string Name { get; set; } = "graph";

    /// <summary>Nodes, in topological order.</summary>
    public List<Node> Nodes { get; } = [];

    /// <summary>Constant tensors by value name.</summary>
    public Dictionary<string, ConstTensor> Initializers { get; } = new(StringComparer.Ordinal);

    /// <summary>Runtime inputs (initializers are not listed here).</summary>
    public List<ValueInfo> Inputs { get; } = [];

    /// <summary>Graph outputs.</summary>
    public List<ValueInfo> Outputs { get; } = [];

    /// <summary>Known type and shape of intermediate values, by name.</summary>
    public Dictionary<string, ValueInfo> ValueInfos { get; } = new(StringComparer.Ordinal);

    /// <summary>A copy whose node list, dictionaries and nodes can be changed without touching this graph (tensors are shared: they are immutable).</summary>
    public OnnxGraph Clone()
    {
        var copy = new OnnxGraph { Name = Name };
        copy.Nodes.AddRange(Nodes.Select(n => n.Clone()));
        foreach (var (k, v) in Initializers) copy.Initializers[k] = v;
        copy.Inputs.AddRange(Inputs);
        copy.Outputs.AddRange(Outputs);
        foreach (var (k, v) in ValueInfos) copy.ValueInfos[k] = v;
        return copy;
    }

    /// <summary>The node that produces each value.</summary>
    public Dictionary<string, Node> ProducerIndex()
    {
        var index = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in Nodes)
            foreach (var output in node.Outputs)
                if (output.Length > 0) index[output] = node;
        return index;
    }

    /// <summary>The nodes that consume each value, in graph order.</summary>
    public Dictionary<string, List<Node>> ConsumerIndex()
    {
        var index = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
        foreach (var node in Nodes)
            foreach (var input in node.Inputs.Where(i => i.Length > 0).Distinct())
            {
                if (!index.TryGetValue(input, out var list)) index[input] = list = [];
                list.Add(node);
            }
        return index;
    }

    /// <summary>Every value name in the graph: inputs, initializers and node outputs.</summary>
    public HashSet<string> AllValueNames()
    {
        var names = new HashSet<string>(Inputs.Select(i => i.Name), StringComparer.Ordinal);
        names.UnionWith(Initializers.Keys);
        foreach (var node in Nodes) names.UnionWith(node.Outputs.Where(o => o.Length > 0));
        return names;
    }

    /// <summary>The type and shape of a value when known: input, output, initializer or annotated.</summary>
    public ValueInfo? InfoOf(string name)
    {
        if (ValueInfos.TryGetValue(name, out var info)) return info;
        if (Initializers.TryGetValue(name, out var t)) return new ValueInfo(name, t.ElementType, t.Shape);
        return Inputs.FirstOrDefault(i => i.Name == name) ?? Outputs.FirstOrDefault(o => o.Name == name);
    }

    /// <summary>The static shape of a value, or null when unknown.</summary>
    public TensorShape? ShapeOf(string name) => InfoOf(name)?.Shape;

    /// <summary>
    /// Reorders <see cref="Nodes"/> topologically (stable where already ordered) and checks that every
    /// node input is produced somewhere.
    /// </summary>
    /// <exception cref="ConvLensException">A node reads a value nothing produces, or the graph has a cycle.</exception>
    public void SortTopologically()
    {
        var available = new HashSet<string>(Inputs.Select(i => i.Name), StringComparer.Ordinal) { "" };
        available.UnionWith(Initializers.Keys);
        var pending = new List<Node>(Nodes);
        var sorted = new List<Node>(Nodes.Count);
        while (pending.Count > 0)
        {
            int before = sorted.Count;
            var still = new List<Node>();
            foreach (var node in pending)
            {
                if (node.Inputs.All(available.Contains))
                {
                    sorted.Add(node);
                    available.UnionWith(node.Outputs);
                }
                else still.Add(node);
            }
            if (sorted.Count == before)
            {
                var node = still[0];
                var missing = node.Inputs.First(i => !available.Contains(i));
                bool producedLater = still.Any(n => n.Outputs.Contains(missing));
                throw new ConvLensException(producedLater
                    ? $"graph has a cycle through {node} (input '{missing}')"
                    : $"{node} reads '{missing}', which is neither a graph input, an initializer nor the output of any node");
            }
            pending = still;
        }
        Nodes.Clear();
        Nodes.AddRange(sorted);
    }

    /// <summary>A value name not used in the graph yet, starting with <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix, ISet<string>? taken = null)
    {
        taken ??= AllValueNames();
        if (!taken.Contains(prefix)) return prefix;
        for (int i = 1; ; i++)
            if (!taken.Contains($"{prefix}_{i}")) return $"{prefix}_{i}";
    }
}
