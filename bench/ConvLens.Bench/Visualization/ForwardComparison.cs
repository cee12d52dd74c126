using ConvLens.Bench.Core;
using ConvLens.Bench.Infrastructure;
using ConvLens.Graph;
using ConvLens.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Visualization;

/// <summary>
/// One batch-1 forward pass to a layer, timed two ways in alternation: plain ONNX Runtime on the truncated
/// model written as a file, and ConvLens's own forward session. Measured before and after the recipes so
/// that a disturbance during one of the two rounds shows in the spread rather than in the ratios.
/// </summary>
public sealed class ForwardComparison : IDisposable
{
    private readonly InferenceSession _session;
    private readonly PlainOrtForward _plain;
    private readonly Network _network;
    private readonly string _layer;
    private readonly FloatTensor _input;
    private readonly List<double> _plainMs = [], _convLensMs = [];

    /// <summary>Writes the model truncated at <paramref name="layer"/> to <paramref name="scratch"/> and opens both sessions.</summary>
    public ForwardComparison(Network network, string layer, int threads, string scratch)
    {
        var truncated = GraphPruner.Prune(network.Model, [network.Layers.Resolve(layer).Value]);
        var path = Path.Combine(scratch, $"truncated_to_{layer}.onnx");
        OnnxModelWriter.WriteFile(truncated, path);
        var (channels, height, width) = network.InputSize;
        var random = new Random(3);
        var input = new FloatTensor(Enumerable.Range(0, channels * height * width).Select(_ => (float)(random.NextDouble() * 20 + 128)).ToArray(),
            1, channels, height, width);
        _session = PlainOrtForward.CreateSession(path, threads);
        _plain = new PlainOrtForward(_session, input);
        (_network, _layer, _input) = (network, layer, input);
    }

    /// <summary>Adds <paramref name="runs"/> interleaved runs of each (after 2 warm-up runs) to the samples.</summary>
    public void Measure(int runs)
    {
        // Asked of the network each time: the recipes' sessions may have evicted the forward session from its cache.
        var convLens = new ConvLensForward("ConvLens", _network.Forward([_layer]), _network.Input.Name, _input);
        var samples = InterleavedTimer.Measure([_plain, convLens], warmup: 2, runs, pauseMs: 50, Console.WriteLine);
        _plainMs.AddRange(samples[0].Milliseconds);
        _convLensMs.AddRange(samples[1].Milliseconds);
    }

    /// <summary>Every run so far.</summary>
    public ForwardTimes Times => new(new TimingSamples(_plainMs.ToArray()), new TimingSamples(_convLensMs.ToArray()));

    /// <inheritdoc />
    public void Dispose()
    {
        _plain.Dispose();
        _session.Dispose();
    }
}
