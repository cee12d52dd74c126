using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Attribution.Targets;

/// <summary>
/// A feature-visualization <see cref="Objective"/> as an attribution target, so whatever can be visualised
/// (a channel, a neuron, a direction, weighted sums of them) can be explained too. Only objectives that
/// are linear in one layer and score every batch item alike have one seed: others are refused.
/// </summary>
public sealed class ObjectiveTarget : IAttributionTarget
{
    private readonly LinearObjectiveTerm[] _terms;

    private ObjectiveTarget(string layer, LinearObjectiveTerm[] terms, string description)
    {
        Layer = layer;
        _terms = terms;
        Description = description;
    }

    /// <inheritdoc />
    public string Layer { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The target for <paramref name="objective"/> on <paramref name="network"/>.</summary>
    /// <exception cref="ConvLensException">
    /// The objective has a non-linear term, terms on different layers or aimed at one batch item, or does not fit its layer.
    /// </exception>
    public static ObjectiveTarget For(Network network, Objective objective)
    {
        if (objective.GraphTerms.Any())
            throw new ConvLensException($"objective '{objective}' has non-linear terms ({string.Join(", ", objective.GraphTerms)}); attribution explains linear objectives (channels, neurons, directions)");
        var terms = objective.LinearTerms.ToArray();
        var layers = terms.Select(t => network.Layers.Resolve(t.Layer)).ToArray();
        if (layers.Select(l => l.Value).Distinct().Count() != 1)
            throw new ConvLensException($"objective '{objective}' reads several layers ({string.Join(", ", terms.Select(t => t.Layer).Distinct())}); an attribution target reads one");
        if (terms.FirstOrDefault(t => t.Item is not null) is { } aimed)
            throw new ConvLensException($"objective term '{aimed}' is aimed at one batch item; an attribution target scores every item alike");
        var shape = AttributionInput.ItemShape(layers[0]);
        foreach (var term in terms) term.Validate(layers[0], shape);
        return new ObjectiveTarget(terms[0].Layer, terms, objective.ToString());
    }

    /// <inheritdoc />
    public void WriteSeed(FloatTensor seed)
    {
        var shape = seed.Shape[1..];
        for (int i = 0; i < seed.BatchSize; i++)
            foreach (var term in _terms) term.AddSeed(seed.Item(i), shape);
    }
}
