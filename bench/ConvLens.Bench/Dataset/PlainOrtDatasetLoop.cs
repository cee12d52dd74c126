using System.Diagnostics;
using ConvLens.Dataset;
using ConvLens.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Dataset;

/// <summary>
/// The baseline: the same work as ConvLens's dataset pass (scan, decode and resize with ConvLens's image
/// loader, every channel's statistics, rank), with ONNX Runtime called directly, one image after another
/// on one thread: decoding waits for the engine and the engine for decoding. The session is plain (thread
/// count and optimisation level set, everything else ONNX Runtime's default) over the same graph ConvLens
/// runs (the caffe preprocessing and the layers up to the ranked one), with its buffers bound once.
/// </summary>
public sealed class PlainOrtDatasetLoop(string modelPath, int threads, int width, int height, int channels, int mapHeight, int mapWidth) : IDisposable
{
    private readonly InferenceSession _session = Create(modelPath, threads);

    /// <summary>Ranks the images of <paramref name="root"/> (or of one shard of it) by <paramref name="channel"/>'s L2 norm; returns (relative path, statistics) best first.</summary>
    public IReadOnlyList<(string Path, ChannelStatistics Statistics)> Rank(string root, int channel, DatasetShard? shard = null)
    {
        var files = DatasetScanner.Scan(root, shard);
        var input = new float[3 * width * height];
        var output = new float[channels * mapHeight * mapWidth];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, channels, mapHeight, mapWidth]);
        using var runOptions = new RunOptions();
        string[] inputNames = [_session.InputNames[0]], outputNames = [_session.OutputNames[0]];
        var results = new List<(string, ChannelStatistics)>(files.Count);
        foreach (var file in files)
        {
            LoadedImage image;
            try { image = ImageLoader.Load(file.FullPath, width, height); }
            catch (ConvLensException) { continue; }
            image.Pixels.CopyTo(input, 0);
            _session.Run(runOptions, inputNames, [inputValue], outputNames, [outputValue]);
            // The same reduction ConvLens stores: every channel, though only one is ranked.
            var all = ChannelStatistics.EncodeAll(output, channels, mapHeight * mapWidth);
            results.Add((file.RelativePath, ChannelStatistics.Decode(all.AsSpan(channel * ChannelStatistics.EncodedSize))));
        }
        results.Sort((a, b) =>
        {
            int byScore = b.Item2.L2.CompareTo(a.Item2.L2);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Item1, b.Item1);
        });
        return results;
    }

    private static InferenceSession Create(string path, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        return new InferenceSession(path, options);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
