namespace ConvLens.Dataset;

/// <summary>A file that was skipped: empty, truncated, corrupt, unreadable or not an image.</summary>
/// <param name="File">The file.</param>
/// <param name="Reason">What was wrong, as the image loader said it.</param>
public sealed record BadImage(DatasetFile File, string Reason);
