namespace ConvLens.Visualization.Objectives;

/// <summary>
/// One weighted term of an <see cref="Objective"/>, computed on one layer. A term is either linear in
/// the layer's activations (<see cref="LinearObjectiveTerm"/>: its gradient with respect to the layer is
/// a constant seed, so one compiled session serves every channel) or not (<see cref="GraphObjectiveTerm"/>:
/// emitted as nodes into the graph).
/// </summary>
/// <param name="Layer">The layer name or alias, as the user wrote it.</param>
/// <param name="Weight">The factor the term is multiplied by.</param>
public abstract record ObjectiveTerm(string Layer, double Weight)
{
    /// <summary>The term without its weight, for labels (<c>block3_conv2:16</c>, <c>diversity(conv5)</c>).</summary>
    public abstract string Describe();

    /// <summary>The term with its weight, as in <c>2·block3_conv2:16</c>.</summary>
    /// <remarks>Sealed so derived records keep this form rather than the compiler's member listing.</remarks>
    public sealed override string ToString() => Format();

    /// <summary>The text <see cref="ToString"/> returns.</summary>
    protected virtual string Format() => Weight == 1 ? Describe() : $"{Weight:G4}·{Describe()}";
}
