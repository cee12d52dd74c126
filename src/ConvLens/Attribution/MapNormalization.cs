namespace ConvLens.Attribution;

/// <summary>
/// How a map becomes [0, 1] for display, NaN-free whatever it holds: a flat map becomes all zeros (never
/// 0/0), and NaN or infinite values count as 0.
/// </summary>
public enum MapNormalization
{
    /// <summary>
    /// <c>(v − min) / (max − min)</c>, as pytorch-grad-cam scales CAMs: the strongest region is always 1.
    /// </summary>
    MinMax,

    /// <summary>
    /// <c>v / p99</c> clipped to 1, with <c>p99</c> the 99th percentile of the values, as Captum's
    /// visualisation does: gradient maps are spiky, and scaling by their single largest value would leave
    /// almost everything dark.
    /// </summary>
    Percentile99,
}
