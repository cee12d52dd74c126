namespace ConvLens.Visualization;

/// <summary>How a visualisation is optimised: <see cref="NotebookRecipe"/> or <see cref="ModernRecipe"/>.</summary>
public abstract record VisualizationRecipe
{
    /// <summary>The recipe's name, as <c>--recipe</c> takes it.</summary>
    public abstract string Name { get; }

    /// <summary>Optimisation steps.</summary>
    public abstract int Steps { get; init; }

    /// <summary>Seed of everything random; batch item <c>i</c> draws from <c>Seed + i</c>, so a batch reproduces single runs.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ConvLensException">A value is out of range.</exception>
    public abstract void Validate();
}
