using ConvLens.Dataset;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// Turns a path from a request into a file of the dataset folder, refusing anything else: parent-folder
/// steps, absolute paths, links leading out of the folder, and files that are not images.
/// </summary>
internal static class DatasetFiles
{
    /// <summary>The full path of <paramref name="relative"/> inside <paramref name="root"/>, or null with the reason.</summary>
    public static (string? Path, string? Refusal) Resolve(string root, string relative)
    {
        var rootFull = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
        if (string.IsNullOrWhiteSpace(relative) || relative.Contains('\0'))
            return (null, "an empty or invalid path");
        if (System.IO.Path.IsPathRooted(relative) || relative.Replace('\\', '/').Split('/').Any(part => part == ".."))
            return (null, $"'{relative}' leaves the dataset folder");
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(rootFull, relative));
        if (!full.StartsWith(rootFull + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return (null, $"'{relative}' leaves the dataset folder");
        if (!DatasetScanner.Extensions.Contains(System.IO.Path.GetExtension(full).ToLowerInvariant()))
            return (null, $"'{relative}' is not an image file");
        var info = new FileInfo(full);
        if (!info.Exists) return (null, null);
        // A link inside the folder may point anywhere: follow it and check again where it lands.
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null || !target.StartsWith(rootFull + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return (null, $"'{relative}' links out of the dataset folder");
        }
        return (full, null);
    }

    /// <summary>The MIME type of an image file by its extension.</summary>
    public static string ContentType(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        _ => "application/octet-stream",
    };
}
