using ConvLens.Graph;

namespace ConvLens.Visualization.Objectives;

/// <summary>
/// A direction in channel space: the mean over positions of the dot product of the activation vector
/// with <paramref name="Vector"/> (Lucid's <c>direction</c>, averaged rather than summed over positions
/// so its scale does not depend on the image size).
/// </summary>
/// <param name="Layer">The layer name or alias.</param>
/// <param name="Vector">One coefficient per channel.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
/// <param name="Item">The batch item the term scores, or null for every item.</param>
public sealed record DirectionTerm(string Layer, IReadOnlyList<float> Vector, double Weight = 1, int? Item = null)
    : LinearObjectiveTerm(Layer, Weight, Item)
{
    /// <inheritdoc />
    public override void AddSeed(Span<float> seed, int[] shape)
    {
        int plane = PlaneSize(shape);
        for (int c = 0; c < Vector.Count; c++)
        {
            float value = (float)(Weight * Vector[c] / plane);
            foreach (ref var s in seed.Slice(c * plane, plane)) s += value;
        }
    }

    /// <inheritdoc />
    public override void Validate(Layer layer, int[] shape)
    {
        if (shape.Length < 1 || shape[0] != Vector.Count)
            throw new ConvLensException($"a direction for layer '{Layer}' needs one value per channel ({(shape.Length < 1 ? "none" : shape[0])}); it has {Vector.Count}");
    }

    /// <inheritdoc />
    public override string Describe() => $"{Layer}·direction[{Vector.Count}]";
}
