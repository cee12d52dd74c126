using ConvLens.Autodiff;
using ConvLens.Graph;

namespace ConvLens.Runtime;

/// <summary>
/// Prepares the graph a gradient session differentiates: the network's model with the request's objectives
/// emitted, the seeded layers that are asked to be sliced replaced by their sliced copies where that saves
/// work (<see cref="ChannelSlicer"/>), pruned to what the seeds, outputs and gradients need.
/// </summary>
internal static class GradientModelBuilder
{
    /// <summary>The prepared graph, the objectives' values in it, and which layers it computes sliced.</summary>
    /// <param name="Model">The pruned model, shapes inferred.</param>
    /// <param name="ObjectiveValues">The emitted objectives' values.</param>
    /// <param name="Sliced">By original layer value: its sliced copy and selection input.</param>
    public sealed record Prepared(OnnxModel Model, string[] ObjectiveValues, IReadOnlyDictionary<string, (string Value, string Selection)> Sliced)
    {
        /// <summary>The value the graph computes for <paramref name="value"/>: its sliced copy when it was sliced.</summary>
        public string Computed(string value) => Sliced.TryGetValue(value, out var s) ? s.Value : value;
    }

    /// <param name="network">The network's prepared model (not changed).</param>
    /// <param name="seededValues">Values seeded with dA.</param>
    /// <param name="outputValues">Forward values returned.</param>
    /// <param name="wrtValues">Values differentiated with respect to.</param>
    /// <param name="objectives">Objectives emitted as nodes.</param>
    /// <param name="slices">Seeded values to slice, with the channels kept.</param>
    public static Prepared Build(OnnxModel network, IReadOnlyList<string> seededValues, IReadOnlyList<string> outputValues,
        IReadOnlyList<string> wrtValues, IReadOnlyList<GraphObjective> objectives, IReadOnlyDictionary<string, int> slices)
    {
        var wanted = new Dictionary<string, int>(slices, StringComparer.Ordinal);
        // A slice that leaves its original layer needed (by another term, or as a value to differentiate with
        // respect to) is dropped and the graph prepared again without it; each round drops at least one.
        while (true)
        {
            var model = network.Clone();
            var emitter = new ObjectiveEmitter(model);
            var objectiveValues = objectives.Select(o => o.Emit(emitter)).ToArray();
            var sliced = new Dictionary<string, (string Value, string Selection)>(StringComparer.Ordinal);
            var replaced = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (value, count) in wanted)
            {
                var selection = model.Graph.UniqueName($"channels:{value}");
                if (ChannelSlicer.TrySlice(model, value, selection, count) is not { } slice) continue;
                sliced[value] = (slice.Value, selection);
                replaced[value] = slice.Replaces;
            }
            var prepared = new Prepared(model, objectiveValues, sliced);
            var needed = seededValues.Select(prepared.Computed).Concat(outputValues.Select(prepared.Computed))
                .Concat(objectiveValues).Concat(wrtValues).Distinct().ToList();
            var pruned = GraphPruner.Prune(model, needed);
            var produced = pruned.Graph.ProducerIndex();
            var wasteful = replaced.Where(r => r.Value.Any(v => produced.ContainsKey(v) || wrtValues.Contains(v))).Select(r => r.Key).ToList();
            if (wasteful.Count > 0)
            {
                foreach (var value in wasteful) wanted.Remove(value);
                continue;
            }
            if (objectiveValues.Length > 0 || sliced.Count > 0) ShapeInference.Infer(pruned);
            return prepared with { Model = pruned };
        }
    }
}
