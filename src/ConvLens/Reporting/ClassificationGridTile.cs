using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>One picture of a <see cref="ClassificationGrid"/>.</summary>
/// <param name="Image">The picture, usually the image as the model saw it (resized to its input).</param>
/// <param name="Title">First title line: the predicted label.</param>
/// <param name="Caption">Second title line: the image's file name.</param>
public sealed record ClassificationGridTile(RgbImage Image, string Title, string Caption);
