using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>One text of a kernel or circuit figure, placed and measured.</summary>
/// <param name="Text">What is drawn.</param>
/// <param name="Role">What it says.</param>
/// <param name="Panel">The panel it belongs to; -1 for headers.</param>
/// <param name="X">Left end of the baseline.</param>
/// <param name="Baseline">The baseline's y.</param>
/// <param name="FontSize">Font size in pixels.</param>
/// <param name="Bounds">The ink's bounding box as Skia measures it with the figure's font (what overlap checks use).</param>
/// <param name="Color">Its colour.</param>
public sealed record KernelFigureText(string Text, KernelFigureTextRole Role, int Panel, float X, float Baseline, float FontSize, SKRect Bounds, SKColor Color);
