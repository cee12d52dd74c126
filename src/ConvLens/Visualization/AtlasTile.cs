using ConvLens.Imaging;

namespace ConvLens.Visualization;

/// <summary>One cell of a <see cref="VisualizationAtlas"/>.</summary>
/// <param name="Image">The visualisation.</param>
/// <param name="Title">The first line above it, like <c>block3_conv2:16</c>.</param>
/// <param name="Caption">The second line, like <c>objective 12.3</c>.</param>
public sealed record AtlasTile(RgbImage Image, string Title, string Caption);
