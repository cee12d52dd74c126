using ConvLens.Imaging;
using ConvLens.Runtime;

namespace ConvLens.Circuits;

/// <summary>
/// Measures <see cref="ConvInputStatistics"/> for several convolutions over a folder of images: one
/// forward pass per batch returns every convolution's input at once.
/// </summary>
public static class DatasetContributions
{
    /// <summary>The default images per forward pass.</summary>
    public const int DefaultBatchSize = 8;

    /// <summary>Statistics per convolution (keyed by its output value) over the readable images of <paramref name="folder"/>.</summary>
    /// <exception cref="ConvLensException">No file of the folder is a readable image.</exception>
    public static Dictionary<string, ConvInputStatistics> Measure(Network network, IEnumerable<ConvLayer> convs, ImageFolder folder,
        int batchSize = DefaultBatchSize, CancellationToken cancellation = default)
    {
        var statistics = new Dictionary<string, ConvInputStatistics>(StringComparer.Ordinal);
        foreach (var conv in convs) statistics.TryAdd(conv.OutputValue, new ConvInputStatistics(conv));
        var inputs = statistics.Values.Select(s => s.Conv.InputValue).Where(v => v != network.Input.Name).Distinct().ToArray();
        var (_, height, width) = network.InputSize;
        // A graph that hard-codes its batch size runs one image at a time.
        int size = network.FixedBatch ? 1 : batchSize;
        foreach (var batch in folder.Batches(size, width, height))
        {
            cancellation.ThrowIfCancellationRequested();
            var images = LoadedImage.Batch(batch);
            var activations = inputs.Length > 0 ? network.Activations(images, inputs) : [];
            foreach (var s in statistics.Values)
                s.Add(s.Conv.InputValue == network.Input.Name ? images : activations[s.Conv.InputValue]);
        }
        if (statistics.Values.All(s => s.Images == 0))
            throw new ConvLensException($"none of the {folder.Files.Count} files in '{folder.Folder}' is a readable {ImageLoader.SupportedFormats} image" +
                (folder.Skipped.Count > 0 ? $" (first: {folder.Skipped[0].Reason})" : ""));
        return statistics;
    }
}
