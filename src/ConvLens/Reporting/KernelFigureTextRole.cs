namespace ConvLens.Reporting;

/// <summary>What a text of a kernel or circuit figure says.</summary>
public enum KernelFigureTextRole
{
    /// <summary>A heading line across the figure.</summary>
    Header,

    /// <summary>A panel's title (the input channel).</summary>
    Title,

    /// <summary>A panel's excitatory/inhibitory label.</summary>
    Label,

    /// <summary>A line under the kernel (norm, mean, data rank).</summary>
    Caption,

    /// <summary>The normalised value printed in a kernel cell.</summary>
    CellValue,

    /// <summary>The line under a feature visualization.</summary>
    ImageCaption,
}
