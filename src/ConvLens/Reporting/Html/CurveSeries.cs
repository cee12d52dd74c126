namespace ConvLens.Reporting.Html;

/// <summary>One line of a <see cref="CurvePlot"/>: a value per step.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="Values">The y values; x is the step, 0-based, unless <paramref name="Steps"/> says otherwise.</param>
/// <param name="Steps">The x value of each point, or null for 0, 1, 2, …</param>
public sealed record CurveSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Steps = null)
{
    /// <summary>The x value of point <paramref name="i"/>.</summary>
    public double StepAt(int i) => Steps is null ? i : Steps[i];
}
