namespace ConvLens.Autodiff;

/// <summary>One row of the <see cref="GradientRegistry"/>.</summary>
/// <param name="Kind">How the operator is treated.</param>
/// <param name="Rule">The rule, for differentiable operators.</param>
/// <param name="Broadcasts">
/// True for elementwise operators with numpy broadcasting: the rule writes each input's gradient in
/// the output's shape and the differentiator reduces it to the input's shape (once, centrally).
/// </param>
/// <param name="Reason">Why a <see cref="GradientKind.MustNotDifferentiate"/> operator is refused.</param>
public sealed record GradientEntry(GradientKind Kind, GradientRule? Rule = null, bool Broadcasts = false, string? Reason = null);
