namespace ConvLens.Models;

/// <summary>How far a fetch has come.</summary>
/// <param name="Bytes">Bytes in the partial file so far (including those of an earlier, resumed attempt).</param>
/// <param name="TotalBytes">Size of the whole file, when the server or source says.</param>
/// <param name="ResumedFrom">Bytes that were already there when this fetch started (0 for a fresh one).</param>
public readonly record struct ModelFetchProgress(long Bytes, long? TotalBytes, long ResumedFrom);
