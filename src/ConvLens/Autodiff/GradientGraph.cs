using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>The result of differentiation: one model computing forward values and gradients together.</summary>
/// <param name="Model">The forward-and-backward model.</param>
/// <param name="SeedInputs">Graph input name of each <see cref="GradientSeed.Input"/> seed, by seeded value.</param>
/// <param name="Gradients">Graph output name of each requested gradient, by the value it is the gradient of.</param>
public sealed record GradientGraph(OnnxModel Model, IReadOnlyDictionary<string, string> SeedInputs, IReadOnlyDictionary<string, string> Gradients);
