using ConvLens.Dataset;
using ConvLens.Imaging;

namespace ConvLens.Circuits;

/// <summary>
/// The images of a folder (and its subfolders, listed by <see cref="DatasetScanner"/>: JPEG, PNG, WebP,
/// BMP and GIF by extension), read in batches at a model's input size. A listed file that is not a
/// readable image is skipped and counted, so one bad file never stops a measurement.
/// </summary>
public sealed class ImageFolder
{
    private readonly List<(string File, string Reason)> _skipped = [];

    /// <summary>Lists the image files of <paramref name="folder"/>, sorted by relative path.</summary>
    /// <exception cref="ConvLensException">The folder does not exist or holds no image files.</exception>
    public ImageFolder(string folder)
    {
        Folder = folder;
        Files = DatasetScanner.Scan(folder).Select(f => f.FullPath).ToList();
        if (Files.Count == 0) throw new ConvLensException($"dataset folder '{folder}' has no {ImageLoader.SupportedFormats} files");
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Every image file found (full paths).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Files skipped so far, with why.</summary>
    public IReadOnlyList<(string File, string Reason)> Skipped => _skipped;

    /// <summary>
    /// The readable images in batches of at most <paramref name="batchSize"/>, each resized
    /// (stretched, as Keras's <c>load_img</c>) to <paramref name="width"/> × <paramref name="height"/>.
    /// Unreadable files are recorded in <see cref="Skipped"/> as the enumeration passes them.
    /// </summary>
    public IEnumerable<IReadOnlyList<LoadedImage>> Batches(int batchSize, int width, int height, ImageLoadOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _skipped.Clear();
        var batch = new List<LoadedImage>(batchSize);
        foreach (var file in Files)
        {
            LoadedImage image;
            try { image = ImageLoader.Load(file, width, height, options); }
            catch (ConvLensException e)
            {
                _skipped.Add((file, e.Message));
                continue;
            }
            batch.Add(image);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<LoadedImage>(batchSize);
            }
        }
        if (batch.Count > 0) yield return batch;
    }
}
