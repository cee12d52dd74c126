namespace ConvLens.Reporting;

/// <summary>Where a <see cref="LabReport"/> stands: the stage running and the whole run's completed fraction.</summary>
/// <param name="Stage">The stage running ("feature visualization, modern recipe").</param>
/// <param name="Detail">What the stage is doing now ("step 40/96, objective 3.21"), or empty.</param>
/// <param name="Fraction">Completed fraction of the whole report, 0..1 (stages weighted by their expected time).</param>
public readonly record struct LabReportProgress(string Stage, string Detail, double Fraction);
