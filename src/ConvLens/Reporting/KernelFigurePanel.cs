using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>One column of a kernel or circuit figure: a kernel slice with its titles, and optionally an image under it.</summary>
/// <param name="Cells">The slice's weights min–max normalised to 0..1, row by row: each cell's grey level and printed value.</param>
/// <param name="KernelHeight">Rows of the slice.</param>
/// <param name="KernelWidth">Columns of the slice.</param>
/// <param name="Title">First title line (the input channel).</param>
/// <param name="Label">Second title line ("mostly excitatory").</param>
/// <param name="Excitatory">Colours the label: true red-brown, false blue, null black.</param>
/// <param name="Captions">Lines under the kernel (norm and mean; data rank).</param>
/// <param name="Image">The input channel's feature visualization, for circuit figures; null in kernel figures.</param>
/// <param name="ImageCaption">The line under the image (<c>block3_conv1:42</c>).</param>
public sealed record KernelFigurePanel(double[] Cells, int KernelHeight, int KernelWidth, string Title, string Label, bool? Excitatory,
    IReadOnlyList<string> Captions, RgbImage? Image = null, string? ImageCaption = null);
