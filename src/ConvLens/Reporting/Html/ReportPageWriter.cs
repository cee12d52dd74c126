namespace ConvLens.Reporting.Html;

/// <summary>
/// Writes a report to a folder: every image first, each through <see cref="AtomicFile"/>, and the page
/// last, so a reader who opens the page never finds it pointing at a missing or half-written figure.
/// </summary>
public static class ReportPageWriter
{
    /// <summary>The page's file name inside the output folder.</summary>
    public const string PageFileName = "index.html";

    /// <summary>Writes <paramref name="page"/> into <paramref name="outputDirectory"/> and returns the page's path.</summary>
    /// <param name="page">The report.</param>
    /// <param name="outputDirectory">The folder (created when missing).</param>
    /// <param name="singleFile">True: one HTML file with every image embedded, no PNG files.</param>
    public static string Write(ReportPage page, string outputDirectory, bool singleFile)
    {
        Directory.CreateDirectory(outputDirectory);
        var html = page.Render(singleFile);
        if (!singleFile)
            foreach (var image in page.Images)
                AtomicFile.WriteAllBytes(Path.Combine(outputDirectory, image.FileName), image.Png);
        var path = Path.Combine(outputDirectory, PageFileName);
        AtomicFile.WriteAllText(path, html);
        return Path.GetFullPath(path);
    }
}
