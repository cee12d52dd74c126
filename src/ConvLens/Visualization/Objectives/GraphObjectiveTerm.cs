using System.Globalization;
using ConvLens.Autodiff;
using ConvLens.Graph;

namespace ConvLens.Visualization.Objectives;

/// <summary>
/// A term that is not linear in the activations (DeepDream's mean square, diversity): emitted as nodes
/// into the gradient graph, one value per batch item, scored on every item of the batch.
/// </summary>
/// <param name="Layer">The layer name or alias.</param>
/// <param name="Name">What the term computes (<c>mean_square</c>, <c>diversity</c>).</param>
/// <param name="Factory">Builds the unweighted objective on the layer's ONNX value name.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
public sealed record GraphObjectiveTerm(string Layer, string Name, Func<string, GraphObjective> Factory, double Weight = 1)
    : ObjectiveTerm(Layer, Weight)
{
    /// <summary>
    /// The weighted objective on <paramref name="layerValue"/>. The weight is an emitted <c>Mul</c> so the
    /// backward pass starts from the weighted value; it is part of the cache key (two weights, two sessions).
    /// </summary>
    public GraphObjective Emit(string layerValue)
    {
        var inner = Factory(layerValue);
        if (Weight == 1) return inner;
        float weight = (float)Weight;
        return new GraphObjective($"{weight.ToString("R", CultureInfo.InvariantCulture)}*{inner.Key}",
            e => e.Op("Mul", inner.Emit(e), e.Constant(ConstTensor.Scalar(weight))).Outputs[0]);
    }

    /// <inheritdoc />
    public override string Describe() => $"{Name}({Layer})";
}
