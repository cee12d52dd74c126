using ConvLens.Attribution.Targets;
using ConvLens.Autodiff;
using ConvLens.Runtime;

namespace ConvLens.Attribution;

/// <summary>
/// Runs many inputs derived from one image through the network in batches of at most
/// <see cref="BatchSize"/> (a network with a fixed batch size gets exactly that size, the last batch
/// padded), scoring each with a target or taking the target's gradient with respect to the input. The
/// batch size bounds memory: only one batch of inputs, activations and gradients exists at a time.
/// </summary>
public sealed class TargetPasses
{
    private readonly Network _network;
    private readonly IAttributionTarget _target;
    private readonly int[] _itemShape;
    private readonly int[] _targetItemShape;

    internal TargetPasses(Network network, IAttributionTarget target, int batchSize)
    {
        _network = network;
        _target = target;
        var (c, h, w) = network.InputSize;
        _itemShape = [c, h, w];
        var layer = network.Layers.Resolve(target.Layer);
        _targetItemShape = AttributionInput.ItemShape(layer);
        BatchSize = network.FixedBatch ? FixedBatchSize(network) : Math.Max(1, batchSize);
    }

    /// <summary>Inputs per run.</summary>
    public int BatchSize { get; }

    /// <summary>The network input's (channels, height, width).</summary>
    public (int Channels, int Height, int Width) InputSize => (_itemShape[0], _itemShape[1], _itemShape[2]);

    /// <summary>The target's seed for <paramref name="count"/> items.</summary>
    internal FloatTensor Seed(int count)
    {
        var seed = FloatTensor.Zeros([count, .. _targetItemShape]);
        _target.WriteSeed(seed);
        return seed;
    }

    /// <summary>
    /// The target's score on each of <paramref name="count"/> inputs; <paramref name="fill"/> writes input
    /// <c>k</c> into the span it is given.
    /// </summary>
    public double[] Scores(int count, Action<int, Span<float>> fill)
    {
        var scores = new double[count];
        var session = _network.Forward([_target.Layer]);
        var layerValue = _network.Layers.Resolve(_target.Layer).Value;
        ForEachBatch(count, fill, (first, n, input, seed) =>
        {
            var outputs = session.Run(new Dictionary<string, FloatTensor> { [_network.Input.Name] = input });
            var activations = outputs[layerValue];
            for (int k = 0; k < n; k++) scores[first + k] = Dot(seed.Item(k), activations.Item(k));
        });
        return scores;
    }

    /// <summary>
    /// The gradient of the target with respect to the input for each of <paramref name="count"/> inputs,
    /// handed to <paramref name="consume"/> with the input's index and score, in order.
    /// </summary>
    public void Gradients(int count, Action<int, Span<float>> fill, Action<int, ReadOnlySpan<float>, double> consume, GradientRegistry? registry = null)
    {
        var session = _network.Gradient(new GradientRequest
        {
            SeededLayers = [_target.Layer],
            Outputs = [_target.Layer],
            Registry = registry,
        });
        var gradientName = session.GradientOutputs[_network.Input.Name];
        var activationName = session.OutputValues[_target.Layer];
        ForEachBatch(count, fill, (first, n, input, seed) =>
        {
            var outputs = session.Run(input, new Dictionary<string, FloatTensor> { [_target.Layer] = seed });
            var gradients = outputs[gradientName];
            var activations = outputs[activationName];
            for (int k = 0; k < n; k++) consume(first + k, gradients.Item(k), Dot(seed.Item(k), activations.Item(k)));
        });
    }

    /// <summary>The score of a linear target: seed · activations, in double.</summary>
    internal static double Dot(ReadOnlySpan<float> seed, ReadOnlySpan<float> activations)
    {
        double sum = 0;
        for (int i = 0; i < seed.Length; i++)
            if (seed[i] != 0) sum += (double)seed[i] * activations[i];
        return sum;
    }

    private void ForEachBatch(int count, Action<int, Span<float>> fill, Action<int, int, FloatTensor, FloatTensor> run)
    {
        FloatTensor? input = null, seed = null;
        for (int first = 0; first < count; first += BatchSize)
        {
            int n = Math.Min(BatchSize, count - first);
            // A fixed-batch network runs full batches only: the tail is padded with copies of its last input.
            int size = _network.FixedBatch ? BatchSize : n;
            if (input is null || input.BatchSize != size)
            {
                input = FloatTensor.Zeros([size, .. _itemShape]);
                seed = Seed(size);
            }
            for (int k = 0; k < n; k++) fill(first + k, input.Item(k));
            for (int k = n; k < size; k++) input.Item(n - 1).CopyTo(input.Item(k));
            run(first, n, input, seed!);
        }
    }

    private static int FixedBatchSize(Network network) =>
        network.Input.Shape![0] is { IsKnown: true } d && d.Value > 0 ? (int)d.Value : 1;
}
