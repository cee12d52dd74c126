namespace ConvLens.Dataset;

/// <summary>What the index holds for one path, enough to decide whether the file must be computed again.</summary>
/// <param name="Size">The file's size when it was computed.</param>
/// <param name="ModifiedTicks">Its last-write time then.</param>
/// <param name="Error">Why it could not be read, or null.</param>
/// <param name="HasClass">True when its predicted class is stored.</param>
internal readonly record struct IndexedState(long Size, long ModifiedTicks, string? Error, bool HasClass)
{
    /// <summary>True when the file could not be read.</summary>
    public bool IsBad => Error is not null;

    /// <summary>True when the entry still describes <paramref name="file"/>.</summary>
    public bool Matches(DatasetFile file) => Size == file.Size && ModifiedTicks == file.ModifiedTicks;
}
