namespace ConvLens.Dataset;

/// <summary>
/// Lists the image files of a dataset folder, recursively, by extension (JPEG, PNG, WebP, BMP, GIF; any
/// case). Files are sorted by relative path (ordinal) so every run sees them in the same order. Hidden
/// files and folders (names starting with a dot on Unix) and unreadable folders are skipped. Whether a
/// listed file really is an image is found out when it is decoded: a bad one is reported, never fatal.
/// </summary>
public static class DatasetScanner
{
    /// <summary>The extensions read as images (lower case, with the dot).</summary>
    public static IReadOnlySet<string> Extensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".jpe", ".png", ".webp", ".bmp", ".gif" };

    /// <summary>The image files below <paramref name="root"/> that belong to <paramref name="shard"/>.</summary>
    /// <exception cref="ConvLensException">The folder does not exist.</exception>
    public static IReadOnlyList<DatasetFile> Scan(string root, DatasetShard? shard = null)
    {
        var full = Path.GetFullPath(root);
        if (File.Exists(full)) throw new ConvLensException($"--dataset '{root}' is a file; it takes a folder of images");
        if (!Directory.Exists(full)) throw new ConvLensException($"dataset folder '{root}' does not exist");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            // An unreadable subfolder is skipped rather than failing a run over a million files.
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            MatchType = MatchType.Simple,
        };
        var chosen = shard ?? DatasetShard.All;
        var files = new List<DatasetFile>();
        foreach (var info in new DirectoryInfo(full).EnumerateFiles("*", options))
        {
            if (!Extensions.Contains(info.Extension)) continue;
            var relative = Path.GetRelativePath(full, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (!chosen.Contains(relative)) continue;
            files.Add(new DatasetFile(relative, info.FullName, info.Length, info.LastWriteTimeUtc.Ticks));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }
}
