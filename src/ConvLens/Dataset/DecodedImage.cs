namespace ConvLens.Dataset;

/// <summary>A file after the decoding stage: the model's input pixels, or why there are none.</summary>
/// <param name="File">The file.</param>
/// <param name="Pixels">3 × H × W floats 0..255 at the model's size, or null.</param>
/// <param name="Error">Why the file could not be read, or null.</param>
internal sealed record DecodedImage(DatasetFile File, float[]? Pixels, string? Error);
