using System.Diagnostics;
using System.Threading.Channels;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Dataset;

/// <summary>
/// One pass over a list of files: several threads decode and resize images into a bounded channel while
/// the calling thread stacks them into batches, runs the engine (the layer, and the classifier when there
/// is one, in the same forward pass), reduces every channel to its statistics and hands each batch to a
/// sink. Memory stays bounded whatever the number of files: at most two batches of decoded images wait,
/// and the input and output buffers of a full batch are allocated once and reused.
/// </summary>
internal sealed class IndexPipeline
{
    private readonly CompiledGraph _session;
    private readonly string _inputName;
    private readonly string _layerValue;
    private readonly ClassificationHead? _classifier;
    private readonly DatasetOptions _options;
    private readonly int _channels, _plane, _width, _height, _batchSize;
    private readonly bool _fixedBatch;

    /// <summary>Compiles (or takes from the network's cache) the session computing the context's layer and classifier.</summary>
    public IndexPipeline(Network network, IndexContext context, ClassificationHead? classifier, DatasetOptions options)
    {
        _classifier = classifier;
        _options = options;
        _inputName = network.Input.Name;
        _layerValue = context.Layer;
        _channels = context.Channels;
        _plane = context.MapHeight * context.MapWidth;
        (_width, _height) = (context.InputWidth, context.InputHeight);
        _fixedBatch = network.FixedBatch;
        _batchSize = _fixedBatch ? (int)network.Input.Shape![0].Value : Math.Max(1, options.BatchSize);
        _session = network.Forward(classifier is null ? [context.Layer] : [context.Layer, classifier.Output]);
    }

    /// <summary>Runs the pass; stops cleanly between batches when <paramref name="cancellation"/> fires.</summary>
    public IndexPassResult Run(IReadOnlyList<DatasetFile> files, IIndexSink sink, IProgress<IndexProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var channel = Channel.CreateBounded<DecodedImage>(new BoundedChannelOptions(2 * _batchSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        int next = -1;
        var producers = Enumerable.Range(0, Math.Max(1, _options.DecodeThreads)).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < files.Count; i = Interlocked.Increment(ref next))
                await channel.Writer.WriteAsync(Decode(files[i]), stop.Token).ConfigureAwait(false);
        }, stop.Token)).ToArray();
        // Whatever way the producers end, the reader learns that nothing more comes.
        _ = Task.WhenAll(producers).ContinueWith(t => channel.Writer.TryComplete(t.IsFaulted ? t.Exception : null), TaskScheduler.Default);

        int item = 3 * _width * _height;
        var input = new FloatTensor(new float[_batchSize * item], _batchSize, 3, _height, _width);
        Dictionary<string, FloatTensor>? fullOutputs = null;
        var batchFiles = new List<DatasetFile>(_batchSize);
        var pending = new List<IndexedImage>(_batchSize);
        var bad = new List<BadImage>();
        int done = 0;
        bool cancelled = false;

        void Flush()
        {
            // Nothing is written after a cancellation: the index keeps whole batches only.
            cancellation.ThrowIfCancellationRequested();
            sink.Write(pending);
            done += pending.Count;
            pending.Clear();
            progress?.Report(new IndexProgress(done, files.Count, bad.Count, clock.Elapsed));
        }

        void RunBatch()
        {
            cancellation.ThrowIfCancellationRequested();
            int count = batchFiles.Count;
            // A model that fixes its batch size takes only full batches: the last one is padded with zeros.
            bool full = count == _batchSize || _fixedBatch;
            if (full && count < _batchSize) input.Data.AsSpan(count * item).Clear();
            var batchInput = full ? input : new FloatTensor(input.Data.AsSpan(0, count * item).ToArray(), count, 3, _height, _width);
            var inputs = new Dictionary<string, FloatTensor> { [_inputName] = batchInput };
            var outputs = full ? fullOutputs ??= Allocate(inputs) : Allocate(inputs);
            _session.RunInto(inputs, outputs);
            var activation = outputs[_layerValue];
            var scores = _classifier is null ? null : outputs[_classifier.Output];
            for (int i = 0; i < count; i++)
            {
                var statistics = ChannelStatistics.EncodeAll(activation.Item(i), _channels, _plane);
                int? predicted = null;
                float? probability = null;
                if (scores is not null)
                {
                    var top = _classifier!.Decode(scores.Item(i), 1)[0];
                    (predicted, probability) = (top.Index, top.Probability);
                }
                pending.Add(new IndexedImage(batchFiles[i], null, predicted, probability, statistics));
            }
            batchFiles.Clear();
        }

        try
        {
            var reader = channel.Reader;
            while (reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var decoded))
                {
                    if (decoded.Pixels is null)
                    {
                        var problem = new BadImage(decoded.File, decoded.Error!);
                        bad.Add(problem);
                        pending.Add(IndexedImage.Bad(problem.File, problem.Reason));
                    }
                    else
                    {
                        decoded.Pixels.CopyTo(input.Data, batchFiles.Count * item);
                        batchFiles.Add(decoded.File);
                        if (batchFiles.Count == _batchSize)
                        {
                            RunBatch();
                            Flush();
                        }
                    }
                    // Bad files are written with the next batch, or on their own when they pile up.
                    if (pending.Count >= _batchSize) Flush();
                }
            }
            if (batchFiles.Count > 0) RunBatch();
            if (pending.Count > 0) Flush();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            stop.Cancel();
            try { Task.WaitAll(producers); }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException)) { }
        }
        bad.Sort((a, b) => string.CompareOrdinal(a.File.RelativePath, b.File.RelativePath));
        return new IndexPassResult(done, bad, cancelled, clock.Elapsed);
    }

    private Dictionary<string, FloatTensor> Allocate(Dictionary<string, FloatTensor> inputs) =>
        _session.OutputNames.ToDictionary(n => n, n => FloatTensor.Zeros(_session.OutputShape(n, inputs)
            ?? throw new ConvLensException($"the shape of '{n}' depends on the image; ConvLens cannot index it")));

    /// <summary>Reads one file; a file that cannot be read becomes a reason, never an exception.</summary>
    private DecodedImage Decode(DatasetFile file)
    {
        try
        {
            var image = ImageLoader.Load(file.FullPath, _width, _height, _options.Images);
            return new DecodedImage(file, image.Pixels, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reasons name the relative path, so indexes computed where the folder is mounted elsewhere are identical.
            var reason = e is ConvLensException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new DecodedImage(file, null, reason.Replace(file.FullPath, file.RelativePath, StringComparison.Ordinal));
        }
    }
}
