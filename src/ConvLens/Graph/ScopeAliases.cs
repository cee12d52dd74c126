using System.Text.RegularExpressions;

namespace ConvLens.Graph;

/// <summary>
/// Names each value a scope (a PyTorch module call, a Keras layer) outputs after that scope: the module
/// path (<c>layer1.0.conv1</c>, <c>layer1.0</c>, <c>layer1</c>) or the Keras layer name (<c>block1_conv1</c>).
/// </summary>
/// <remarks>
/// A scope's output is the one value its nodes produce that a node outside it reads (or that the graph
/// outputs); scopes with several such values (tuple outputs, the whole model's internals) are not named.
/// PyTorch names the k-th further call of a module <c>relu_k</c>: a segment <c>X_k</c> whose sibling
/// <c>X</c> also exists is read as a call of <c>X</c>. A module called n &gt; 1 times names its calls
/// <c>path#1</c>…<c>path#n</c> and <c>path</c> names the last call, the value a forward hook keeping one
/// output per module would hold. An alias that two values would share is given to neither. Sequential
/// children without nodes (folded BatchNorm, eval Dropout) are named by <see cref="SequentialGaps"/>.
/// </remarks>
internal static partial class ScopeAliases
{
    [GeneratedRegex(@"^(?<base>.+)_\d+$")]
    private static partial Regex CallSuffix();

    /// <summary>The scope aliases of <paramref name="graph"/>'s values.</summary>
    public static List<ValueAlias> Compute(OnnxGraph graph)
    {
        var opTypes = graph.Nodes.Select(n => n.OpType).ToHashSet(StringComparer.Ordinal);
        var scopesOf = new Dictionary<Node, HashSet<string>>(ReferenceEqualityComparer.Instance);
        var instances = new Dictionary<string, (ScopeFrame Frame, List<Node> Members)>(StringComparer.Ordinal);
        var order = new List<string>();
        int kerasScoped = 0;
        foreach (var node in graph.Nodes)
        {
            var frames = ScopeNames.Of(node, opTypes);
            scopesOf[node] = frames.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            if (frames.Any(f => f.Kind == AliasKind.KerasName)) kerasScoped++;
            foreach (var frame in frames)
            {
                if (!instances.TryGetValue(frame.Key, out var instance))
                {
                    instances[frame.Key] = instance = (frame, []);
                    order.Add(frame.Key);
                }
                instance.Members.Add(node);
            }
        }

        // tf2onnx wraps the whole Keras model in its name's scope: that names the model, not a layer.
        order.RemoveAll(k => instances[k].Frame is { Kind: AliasKind.KerasName, Depth: 1 } && instances[k].Members.Count == kerasScoped);
        var names = CallNames(order.Select(k => instances[k].Frame).ToList());
        var consumers = graph.ConsumerIndex();
        var graphOutputs = graph.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var aliases = new List<ValueAlias>();
        foreach (var key in order)
        {
            var (frame, members) = instances[key];
            if (Output(key, members, scopesOf, consumers, graphOutputs) is { } output)
                aliases.AddRange(names[key].Select(name => new ValueAlias(output, name, frame.Kind, frame.Depth)));
        }
        var shared = aliases.GroupBy(a => a.Name).Where(g => g.Select(a => a.Value).Distinct().Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        aliases.RemoveAll(a => shared.Contains(a.Name));

        var keyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in order)
            foreach (var name in names[key]) keyOf.TryAdd(name, key);
        aliases.AddRange(SequentialGaps.Find(aliases, (path, value) =>
            keyOf.TryGetValue(path, out var key) && instances[key].Members.Any(n => n.Inputs.Contains(value))));
        return aliases;
    }

    /// <summary>The one value the scope <paramref name="key"/> makes that is read outside it or output; null when none or several.</summary>
    private static string? Output(string key, List<Node> members, Dictionary<Node, HashSet<string>> scopesOf,
        Dictionary<string, List<Node>> consumers, HashSet<string> graphOutputs)
    {
        var leaving = members.Where(n => n.OpType != "Constant").SelectMany(n => n.Outputs)
            .Where(o => o.Length > 0 && (graphOutputs.Contains(o)
                || consumers.TryGetValue(o, out var readers) && readers.Any(r => !scopesOf[r].Contains(key))))
            .Distinct().Take(2).ToList();
        return leaving.Count == 1 ? leaving[0] : null;
    }

    /// <summary>The names of each scope call (by key), resolving PyTorch's call suffixes (see the remarks).</summary>
    private static Dictionary<string, List<string>> CallNames(List<ScopeFrame> frames)
    {
        var rawPaths = frames.Where(f => f.Kind == AliasKind.ModulePath).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var calls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var keysByPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var frame in frames)
        {
            // Keras layer names are unique in a model; a repeat is a TensorFlow op scope, dropped later as shared.
            if (frame.Kind == AliasKind.KerasName)
            {
                calls[frame.Key] = [frame.Path];
                continue;
            }
            var path = ModulePath(frame.Path, rawPaths);
            if (!keysByPath.TryGetValue(path, out var keys)) keysByPath[path] = keys = [];
            keys.Add(frame.Key);
        }
        foreach (var (path, keys) in keysByPath)
        {
            for (int i = 0; i < keys.Count; i++)
                calls[keys[i]] = keys.Count == 1 ? [path] : i == keys.Count - 1 ? [path, $"{path}#{i + 1}"] : [$"{path}#{i + 1}"];
        }
        return calls;
    }

    /// <summary>The module path without call suffixes: <c>layer1.0.relu_1</c> is module <c>layer1.0.relu</c> when that exists.</summary>
    private static string ModulePath(string raw, HashSet<string> rawPaths)
    {
        var path = "";
        foreach (var component in raw.Split('.'))
        {
            var prefix = path.Length == 0 ? "" : path + ".";
            path = CallSuffix().Match(component) is { Success: true } m && rawPaths.Contains(prefix + m.Groups["base"].Value)
                ? prefix + m.Groups["base"].Value
                : prefix + component;
        }
        return path;
    }
}
