namespace ConvLens.Dataset;

/// <summary>
/// One image file of a dataset folder as the index keys it: its path relative to the folder (with
/// <c>/</c> separators on every system, so shards computed on machines that mount the folder in different
/// places merge), its size and its last-write time. A file whose size or time changes is computed again.
/// </summary>
/// <param name="RelativePath">Path below the dataset folder, <c>/</c>-separated; ties in rankings break by it (ordinal).</param>
/// <param name="FullPath">Where the file is on this machine.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="ModifiedTicks">Last-write time, UTC ticks.</param>
public sealed record DatasetFile(string RelativePath, string FullPath, long Size, long ModifiedTicks);
