using ConvLens.Imaging;

namespace ConvLens.Reporting;

/// <summary>One image of a <see cref="TopImagesFigure"/>: a picture and a channel's activation map to lay over it.</summary>
/// <param name="Image">The picture exactly as the model saw it (resized to its input).</param>
/// <param name="Map">The channel's activation, <paramref name="MapHeight"/> × <paramref name="MapWidth"/>, row-major.</param>
/// <param name="MapHeight">Rows of the map.</param>
/// <param name="MapWidth">Columns of the map.</param>
/// <param name="Title">First title line: the rank and the predicted class.</param>
/// <param name="Caption">Second title line: the score and the file name.</param>
public sealed record TopImagesFigureTile(RgbImage Image, float[] Map, int MapHeight, int MapWidth, string Title, string Caption);
