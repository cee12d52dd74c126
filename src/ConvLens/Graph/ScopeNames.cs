using System.Text.RegularExpressions;

namespace ConvLens.Graph;

/// <summary>
/// Reads the scopes a node was exported in from its name: PyTorch (1.13+) names nodes
/// <c>/layer1/layer1.0/conv1/Conv</c>, tf2onnx names them <c>StatefulPartitionedCall/model/block1_conv1/Conv2D</c>.
/// </summary>
internal static partial class ScopeNames
{
    /// <summary>Wrappers tf2onnx puts around a whole Keras model; they name no layer.</summary>
    private static readonly HashSet<string> TensorFlowWrappers = new(StringComparer.Ordinal) { "StatefulPartitionedCall", "PartitionedCall" };

    /// <summary>An ONNX op segment (<c>Conv</c>, <c>Relu_1</c>): where the scopes of a PyTorch node name end.</summary>
    [GeneratedRegex(@"^(?<op>[A-Z][A-Za-z0-9]*)(_\d+)?$")]
    private static partial Regex OpSegment();

    /// <summary>
    /// The scopes of <paramref name="node"/>, outermost first; empty for nodes outside every module (or
    /// names no exporter convention explains). <paramref name="opTypes"/> holds the graph's op types, so
    /// that a segment a graph rewrite appended after the op (<c>/features.0/Conv/bias</c>) is not a module.
    /// </summary>
    public static IReadOnlyList<ScopeFrame> Of(Node node, ISet<string> opTypes)
    {
        var name = node.Name;
        if (name.StartsWith(Layer.PreprocessingPrefix, StringComparison.Ordinal) || !name.Contains('/')) return [];
        return name.StartsWith('/') ? Torch(name, opTypes) : TensorFlow(name);
    }

    /// <summary>
    /// PyTorch scopes: each segment is a module's name relative to its parent, except that a container's
    /// children repeat the container's name (<c>/layer1/layer1.0/conv1</c>, <c>/downsample/downsample.0</c>),
    /// so a segment that starts with the previous segment and a dot continues that segment's path.
    /// </summary>
    private static List<ScopeFrame> Torch(string name, ISet<string> opTypes)
    {
        var segments = name[1..].Split('/');
        var frames = new List<ScopeFrame>();
        string path = "", previous = "";
        for (int i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 || IsOp(segment, opTypes)) break;
            path = previous.Length > 0 && segment.StartsWith(previous + ".", StringComparison.Ordinal)
                ? path + segment[previous.Length..]
                : path.Length == 0 ? segment : $"{path}.{segment}";
            previous = segment;
            frames.Add(new ScopeFrame("/" + string.Join('/', segments[..(i + 1)]), path, i + 1, AliasKind.ModulePath));
        }
        return frames;
    }

    /// <summary>tf2onnx scopes: every segment but the op is a (possibly nested) Keras layer or model name.</summary>
    private static List<ScopeFrame> TensorFlow(string name)
    {
        var segments = name.Split('/');
        var frames = new List<ScopeFrame>();
        int depth = 0;
        for (int i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i].Length == 0) break;
            if (depth == 0 && TensorFlowWrappers.Contains(segments[i])) continue;
            frames.Add(new ScopeFrame(string.Join('/', segments[..(i + 1)]), segments[i], ++depth, AliasKind.KerasName));
        }
        return frames;
    }

    private static bool IsOp(string segment, ISet<string> opTypes) =>
        OpSegment().Match(segment) is { Success: true } m && opTypes.Contains(m.Groups["op"].Value);
}
