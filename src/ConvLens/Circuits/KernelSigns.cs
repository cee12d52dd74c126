namespace ConvLens.Circuits;

/// <summary>Labels and classification of <see cref="KernelSign"/>.</summary>
public static class KernelSigns
{
    /// <summary>The sign of a slice with mean <paramref name="mean"/>.</summary>
    public static KernelSign Of(double mean) => mean > 0 ? KernelSign.Excitatory : mean < 0 ? KernelSign.Inhibitory : KernelSign.Balanced;

    /// <summary>The reference notebook's words: "mostly excitatory", "mostly inhibitory" (or "balanced").</summary>
    public static string Label(this KernelSign sign) => sign switch
    {
        KernelSign.Excitatory => "mostly excitatory",
        KernelSign.Inhibitory => "mostly inhibitory",
        _ => "balanced",
    };

    /// <summary>The lower-case name used in JSON: <c>excitatory</c>, <c>inhibitory</c>, <c>balanced</c>.</summary>
    public static string Name(this KernelSign sign) => sign.ToString().ToLowerInvariant();
}
