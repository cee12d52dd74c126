namespace ConvLens.Autodiff;

/// <summary>
/// A non-linear objective computed inside the graph: <see cref="Emit"/> appends nodes that compute one
/// value per batch item and returns that value's name; the backward pass starts from it with a seed of
/// ones. Linear objectives need none of this: they are a seed tensor (<see cref="GradientSeed.Input"/>).
/// </summary>
/// <param name="Key">Identifies the objective in session-cache keys (same key, same nodes).</param>
/// <param name="Emit">Adds the nodes through the emitter and returns the objective value's name.</param>
public sealed record GraphObjective(string Key, Func<ObjectiveEmitter, string> Emit);
