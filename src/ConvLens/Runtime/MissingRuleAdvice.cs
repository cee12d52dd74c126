using ConvLens.Autodiff;
using ConvLens.Graph;

namespace ConvLens.Runtime;

/// <summary>
/// Turns a missing gradient rule into advice a user can act on: which layer needs the op, the deepest
/// layers computed before it (whose gradients do not), and the methods that need no gradient at all.
/// </summary>
internal static class MissingRuleAdvice
{
    /// <summary>How many of the deepest unaffected layers the message names.</summary>
    private const int LayersNamed = 3;

    public static ConvLensException Explain(OnnxModel model, LayerCatalog layers, MissingGradientRuleException missing, IEnumerable<string> requested)
    {
        var downstream = new HashSet<string>(missing.Outputs, StringComparer.Ordinal);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < model.Graph.Nodes.Count; i++)
        {
            var node = model.Graph.Nodes[i];
            if (node.Inputs.Any(downstream.Contains)) downstream.UnionWith(node.Outputs);
            foreach (var output in node.Outputs) order[output] = i;
        }
        var avoiding = layers.All
            .Where(l => !l.IsPreprocessing && l.Aliases.Count > 0 && !downstream.Contains(l.Value) && order.ContainsKey(l.Value))
            .OrderBy(l => order[l.Value]).TakeLast(LayersNamed).Select(l => $"'{l.DisplayName}'").ToList();
        var what = string.Join(", ", requested.Select(r => $"'{r}'"));
        var layersAdvice = avoiding.Count > 0
            ? $"layers computed before that node avoid it (the deepest: {string.Join(", ", avoiding)})"
            : "every layer depends on that node";
        return new ConvLensException(
            $"'{model.Source}': the gradient of {what} needs op '{missing.OpType}' (node '{missing.NodeName}'), which ConvLens cannot differentiate yet. " +
            $"{char.ToUpperInvariant(layersAdvice[0])}{layersAdvice[1..]}; the attribution methods that need only forward passes (scorecam, eigencam) avoid it too.",
            missing);
    }
}
