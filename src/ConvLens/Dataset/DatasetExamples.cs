using ConvLens.Graph;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Dataset;

/// <summary>
/// Which images of a folder excite a channel most. One pass computes, for every channel of the layer,
/// each image's L2 norm, mean, max and argmax (and the predicted class, when the model has a classifier)
/// and keeps them in the activation index (<see cref="ActivationIndex"/>), so ranking by any other channel
/// of the layer, or by another score, runs no forward pass; new and changed files (by size and modified
/// time) are computed incrementally. Without an index file every image is computed and nothing is kept.
/// </summary>
public sealed class DatasetExamples
{
    private readonly Network _network;

    /// <summary>Prepares to rank the images below <paramref name="datasetRoot"/> by channels of <paramref name="layer"/>.</summary>
    /// <exception cref="ConvLensException">The layer is unknown or has no channels with known sizes.</exception>
    public DatasetExamples(Network network, string layer, string datasetRoot, DatasetOptions? options = null)
    {
        _network = network;
        Options = options ?? new DatasetOptions();
        Root = Path.GetFullPath(datasetRoot);
        Layer = network.Layers.Resolve(layer);
        var (channels, mapHeight, mapWidth) = MapShape(Layer);
        Classifier = Options.PredictClasses ? FindClassifier(network) : null;
        var (_, height, width) = network.InputSize;
        Context = new IndexContext(network.Fingerprint, Layer.Value, network.Preprocessing, ResizeModes.NameOf(Options.Images.Resize),
            width, height, Layer.DisplayName, channels, mapHeight, mapWidth, Classifier?.ClassCount ?? 0);
    }

    /// <summary>The dataset folder (full path).</summary>
    public string Root { get; }

    /// <summary>The layer whose channels are ranked.</summary>
    public Layer Layer { get; }

    /// <summary>The classifier whose predictions are stored, or null (no classifier, or not asked for).</summary>
    public ClassificationHead? Classifier { get; }

    /// <summary>What the numbers depend on: the index key.</summary>
    public IndexContext Context { get; }

    /// <summary>The options.</summary>
    public DatasetOptions Options { get; }

    /// <summary>The dataset's image files (those of <see cref="DatasetOptions.Shard"/>), in path order.</summary>
    public IReadOnlyList<DatasetFile> Scan() => DatasetScanner.Scan(Root, Options.Shard);

    /// <summary>Brings the index up to date: computes every file it lacks or holds an older version of.</summary>
    /// <exception cref="InvalidOperationException">No index file was given.</exception>
    public IndexUpdate Update(IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        var path = Options.IndexPath ?? throw new InvalidOperationException("Update needs an index file (DatasetOptions.IndexPath)");
        var files = Scan();
        using var index = ActivationIndex.Open(path);
        return Update(index, files, progress, cancellation);
    }

    /// <summary>
    /// Ranks every readable image by <paramref name="channel"/>'s <paramref name="score"/>, updating the index
    /// first (or computing everything, without one).
    /// </summary>
    /// <exception cref="ConvLensException">The channel is out of range.</exception>
    public DatasetRanking Rank(int channel, ChannelScore score = ChannelScore.L2, bool bottom = false,
        IProgress<IndexProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (channel < 0 || channel >= Context.Channels)
            throw new ConvLensException($"layer '{Layer.DisplayName}' has channels 0..{Context.Channels - 1}; channel {channel} is out of range");
        var files = Scan();
        if (Options.IndexPath is null)
        {
            var sink = new ChannelSink(channel);
            var pass = RunPass(files, sink, progress, cancellation);
            var update = new IndexUpdate(files.Count, pass.Done, 0, pass.BadImages, pass.Cancelled, pass.Elapsed);
            return new DatasetRanking(channel, score, bottom, Order(sink.Images.Where(i => i.Error is null), 0, score, bottom), update);
        }
        using var index = ActivationIndex.Open(Options.IndexPath);
        var updated = Update(index, files, progress, cancellation);
        long id = index.ContextId(Context, create: false)!.Value;
        var current = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var stored = index.ReadChannel(id, channel)
            .Where(i => i.Error is null && current.TryGetValue(i.File.RelativePath, out var f) && f.Size == i.File.Size && f.ModifiedTicks == i.File.ModifiedTicks)
            .Select(i => i with { File = current[i.File.RelativePath] });
        return new DatasetRanking(channel, score, bottom, Order(stored, 0, score, bottom), updated);
    }

    /// <summary>
    /// The channel's activation maps of <paramref name="images"/> (a few, for a figure): each file is read
    /// again exactly as it was scored and run to the layer alone (one forward pass per image; the class comes
    /// from the ranking). The recomputed statistics are returned with each map.
    /// </summary>
    /// <exception cref="ConvLensException">A file changed since it was scored, or can no longer be read.</exception>
    public IReadOnlyList<ChannelMap> Maps(IReadOnlyList<RankedImage> images, int channel)
    {
        var session = _network.Forward([Context.Layer]);
        var maps = new List<ChannelMap>(images.Count);
        int plane = Context.MapHeight * Context.MapWidth;
        foreach (var ranked in images)
        {
            var info = new FileInfo(ranked.File.FullPath);
            if (!info.Exists || info.Length != ranked.File.Size || info.LastWriteTimeUtc.Ticks != ranked.File.ModifiedTicks)
                throw new ConvLensException($"'{ranked.File.FullPath}' changed after it was scored; run again to score the new version");
            var image = ImageLoader.Load(ranked.File.FullPath, Context.InputWidth, Context.InputHeight, Options.Images);
            var inputs = new Dictionary<string, FloatTensor> { [_network.Input.Name] = image.ToTensor() };
            var activation = session.Run(inputs)[Context.Layer];
            var map = activation.Data.AsSpan(channel * plane, plane).ToArray();
            maps.Add(new ChannelMap(ranked, RgbImage.FromChw(image.Pixels, image.Width, image.Height), map,
                Context.MapHeight, Context.MapWidth, ChannelStatistics.Of(map)));
        }
        return maps;
    }

    private IndexUpdate Update(ActivationIndex index, IReadOnlyList<DatasetFile> files, IProgress<IndexProgress>? progress, CancellationToken cancellation)
    {
        long id = index.ContextId(Context, create: true)!.Value;
        var states = index.States(id);
        var todo = new List<DatasetFile>();
        var bad = new List<BadImage>();
        foreach (var file in files)
        {
            if (states.TryGetValue(file.RelativePath, out var state) && state.Matches(file) && (state.IsBad || state.HasClass || Classifier is null))
            {
                if (state.IsBad) bad.Add(new BadImage(file, state.Error!));
            }
            else todo.Add(file);
        }
        var pass = RunPass(todo, new IndexSink(index, id), progress, cancellation);
        bad.AddRange(pass.BadImages);
        bad.Sort((a, b) => string.CompareOrdinal(a.File.RelativePath, b.File.RelativePath));
        return new IndexUpdate(files.Count, pass.Done, files.Count - todo.Count, bad, pass.Cancelled, pass.Elapsed);
    }

    private IndexPassResult RunPass(IReadOnlyList<DatasetFile> files, IIndexSink sink, IProgress<IndexProgress>? progress, CancellationToken cancellation)
    {
        // Nothing to compute: no session is compiled and the model never runs.
        if (files.Count == 0) return new IndexPassResult(0, [], cancellation.IsCancellationRequested, TimeSpan.Zero);
        return new IndexPipeline(_network, Context, Classifier, Options).Run(files, sink, progress, cancellation);
    }

    /// <summary>Highest first (lowest for <paramref name="bottom"/>), ties by path (ordinal), NaN last.</summary>
    private static IReadOnlyList<RankedImage> Order(IEnumerable<IndexedImage> images, int channel, ChannelScore score, bool bottom)
    {
        var scored = images.Select(i => (Image: i, Statistics: i.Channel(channel), Score: i.Channel(channel).Score(score))).ToList();
        scored.Sort((a, b) =>
        {
            bool aNaN = double.IsNaN(a.Score), bNaN = double.IsNaN(b.Score);
            if (aNaN != bNaN) return aNaN ? 1 : -1;
            int byScore = aNaN ? 0 : bottom ? a.Score.CompareTo(b.Score) : b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Image.File.RelativePath, b.Image.File.RelativePath);
        });
        return scored.Select((s, i) => new RankedImage(i + 1, s.Image.File, s.Score, s.Statistics, s.Image.PredictedClass, s.Image.ClassProbability)).ToArray();
    }

    /// <summary>Channels, map height and width of a layer: (N, C, H, W) or (N, C).</summary>
    private static (int Channels, int Height, int Width) MapShape(Layer layer)
    {
        var shape = layer.Shape;
        bool known = shape is not null && shape.Dims.Skip(1).All(d => d.IsKnown);
        if (known && shape!.Rank == 4) return ((int)shape[1].Value, (int)shape[2].Value, (int)shape[3].Value);
        if (known && shape!.Rank == 2) return ((int)shape[1].Value, 1, 1);
        throw new ConvLensException($"layer '{layer.DisplayName}' has shape {shape?.ToString() ?? "(unknown)"}; ranking images needs channel maps (N, C, H, W) or a vector (N, C) of known size");
    }

    /// <summary>The model's classifier, or null when it has none.</summary>
    private static ClassificationHead? FindClassifier(Network network)
    {
        try { return ClassificationHead.Of(network); }
        catch (ConvLensException) { return null; }
    }
}
