using ConvLens.Autodiff;

namespace ConvLens.Runtime;

/// <summary>
/// What a cached gradient session was compiled from, kept with it so that every request for the same session
/// (by any of a layer's names) finds the same values: the differentiated graph, the emitted objectives'
/// values, and for each sliced layer value its sliced copy and selection input.
/// </summary>
internal sealed record CompiledGradient(GradientGraph Graph, string[] Objectives, IReadOnlyDictionary<string, (string Value, string Selection)> Sliced)
{
    /// <summary>The value the graph computes for <paramref name="value"/>: its sliced copy when it was sliced.</summary>
    public string Computed(string value) => Sliced.TryGetValue(value, out var s) ? s.Value : value;
}
