namespace ConvLens.Autodiff;

/// <summary>How the differentiator treats an operator.</summary>
public enum GradientKind
{
    /// <summary>Gradients flow through it by its rule.</summary>
    Differentiable,

    /// <summary>Its outputs carry no gradient (shapes, comparisons, indices): they are constants to the backward pass.</summary>
    NotDifferentiable,

    /// <summary>Reaching it on a gradient path is an error with a stated reason.</summary>
    MustNotDifferentiate,
}
