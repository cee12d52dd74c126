using ConvLens.Graph;

namespace ConvLens.Visualization.Objectives;

/// <summary>The activation of one channel at one spatial position (the centre unless given).</summary>
/// <param name="Layer">The layer name or alias (a 4-D layer).</param>
/// <param name="Channel">The channel index.</param>
/// <param name="Y">The row, or null for the centre row.</param>
/// <param name="X">The column, or null for the centre column.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
/// <param name="Item">The batch item the term scores, or null for every item.</param>
public sealed record NeuronTerm(string Layer, int Channel, int? Y = null, int? X = null, double Weight = 1, int? Item = null)
    : LinearObjectiveTerm(Layer, Weight, Item)
{
    /// <inheritdoc />
    public override void AddSeed(Span<float> seed, int[] shape)
    {
        var (y, x) = Position(shape);
        seed[(Channel * shape[1] + y) * shape[2] + x] += (float)Weight;
    }

    /// <inheritdoc />
    public override void Validate(Layer layer, int[] shape)
    {
        if (shape.Length != 3)
            throw new ConvLensException($"a neuron objective needs a 4-D layer (N, C, H, W); '{Layer}' is {layer.Shape}");
        RequireChannel(layer, shape, Channel);
        var (y, x) = Position(shape);
        if (y < 0 || y >= shape[1] || x < 0 || x >= shape[2])
            throw new ConvLensException($"layer '{Layer}' is {shape[1]} × {shape[2]}; position (y {y}, x {x}) is outside it");
    }

    /// <inheritdoc />
    public override string Describe() => $"{Layer}:{Channel}[{(Y is null ? "centre" : $"{Y},{X}")}]";

    private (int Y, int X) Position(int[] shape) => (Y ?? shape[1] / 2, X ?? shape[2] / 2);
}
