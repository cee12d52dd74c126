namespace ConvLens.Graph;

/// <summary>
/// Every nameable value of a network and the names that reach it: the ONNX value names; PyTorch module
/// paths read from the exporter's node names (<c>layer4.1.conv2</c>, <c>layer1.0</c>, <c>features</c>: the
/// value the module outputs; see <see cref="ScopeAliases"/> for modules called twice, and note that an eval
/// export folds BatchNorm into the Conv before it, so <c>layer1.0.conv1</c> is the conv+BN output and
/// <c>layer1.0.bn1</c> has no name of its own unless it is a Sequential's child, see <see cref="SequentialGaps"/>); Keras layer names read from tf2onnx node names; Keras names
/// for plain VGG-style chains (<c>block3_conv2</c> means the post-ReLU output, as in Keras,
/// <c>blockN_pool</c>, <c>flatten</c>, <c>fc1</c>, <c>fc2</c>, <c>predictions</c>) and positional aliases for
/// any network (<c>conv1</c>… the k-th convolution's output after its BatchNorm and activation when they
/// follow it directly; <c>pool1</c>…; <c>fc1</c>… for Gemm/MatMul layers; <c>add1</c>… residual joins and
/// <c>concat1</c>… channel concatenations, after their activation). <see cref="Layer.DisplayName"/> picks
/// which name to show.
/// </summary>
public sealed class LayerCatalog
{
    private readonly Dictionary<string, Layer> _byName = new(StringComparer.Ordinal);

    /// <summary>Builds the catalog of <paramref name="model"/> (shapes must have been inferred).</summary>
    public LayerCatalog(OnnxModel model)
    {
        var graph = model.Graph;
        var aliases = LayerAliases.Compute(graph);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var layers = new List<Layer>();
        foreach (var node in graph.Nodes)
        {
            bool preprocessing = node.Name.StartsWith(Layer.PreprocessingPrefix, StringComparison.Ordinal);
            long parameters = preprocessing ? 0 : node.Inputs
                .Where(i => graph.Initializers.TryGetValue(i, out var t) && t.ElementType == TensorElementType.Float && counted.Add(i))
                .Sum(i => graph.Initializers[i].ElementCount);
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
            {
                var layer = new Layer(output, node, aliases.GetValueOrDefault(output) ?? [], graph.ShapeOf(output), output == node.Outputs[0] ? parameters : 0);
                layers.Add(layer);
                _byName[output] = layer;
            }
        }
        foreach (var layer in layers)
            foreach (var alias in layer.Aliases)
                _byName.TryAdd(alias, layer);
        All = layers;
        Source = model.Source;
    }

    private string Source { get; }

    /// <summary>Every layer (node output), in graph order.</summary>
    public IReadOnlyList<Layer> All { get; }

    /// <summary>Total number of weights.</summary>
    public long TotalParameters => All.Sum(l => l.Parameters);

    /// <summary>Every name that resolves (values and aliases).</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The layer called <paramref name="name"/>, or null.</summary>
    public Layer? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The layer called <paramref name="name"/>.</summary>
    /// <exception cref="ConvLensException">No such layer; the message lists the closest valid names.</exception>
    /// <returns>The layer, carrying <paramref name="name"/> as <see cref="Layer.RequestedName"/> when it is an
    /// alias other than the one shown by default, so that users see the name they typed.</returns>
    public Layer Resolve(string name)
    {
        var layer = Find(name) ?? throw new ConvLensException(
            $"'{Source}' has no layer named '{name}'. Closest names: {string.Join(", ", Closest(name, 6))}. " +
            "Run `convlens summary --model …` to list every layer.");
        var typed = name.Trim();
        return typed == layer.Value || typed == layer.DisplayName ? layer : layer with { RequestedName = typed };
    }

    /// <summary>The names closest to <paramref name="name"/> by edit distance.</summary>
    public IEnumerable<string> Closest(string name, int count) =>
        _byName.Keys.OrderBy(k => EditDistance(name.ToLowerInvariant(), k.ToLowerInvariant())).ThenBy(k => k.Length).Take(count);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
