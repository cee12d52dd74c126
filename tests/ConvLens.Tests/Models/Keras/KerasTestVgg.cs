using ConvLens.Models;

namespace ConvLens.Tests.Models.Keras;

/// <summary>
/// A VGG as Keras lays it out, with seeded random weights in Keras's layouts: every layer Keras lists
/// (input, convolutions, pools, flatten, dense), in order. Kernels are He-normal so activations keep
/// their scale through the network; biases are random too, so a misplaced bias shows.
/// </summary>
internal sealed record KerasTestVgg(VggVariant Variant, bool IncludeTop, int ImageSize, IReadOnlyList<KerasTestLayer> Layers)
{
    /// <summary>The layer named <paramref name="name"/>.</summary>
    public KerasTestLayer this[string name] => Layers.Single(l => l.Name == name);

    /// <summary>A VGG with random weights; <paramref name="widthDivisor"/> narrows every layer as <see cref="VggArchitecture"/> does.</summary>
    public static KerasTestVgg Random(VggVariant variant, bool includeTop, int widthDivisor, int imageSize, int classes, int seed)
    {
        var rng = new Random(seed);
        var layers = new List<KerasTestLayer> { new("input_1") };
        long channels = 3;
        var depths = VggArchitecture.BlockDepths(variant);
        for (int block = 1; block <= 5; block++)
        {
            long width = Math.Max(1, VggArchitecture.BlockChannels[block - 1] / widthDivisor);
            for (int k = 1; k <= depths[block - 1]; k++)
            {
                layers.Add(Layer(rng, $"block{block}_conv{k}", [3, 3, channels, width], fanIn: 9 * channels));
                channels = width;
            }
            layers.Add(new KerasTestLayer($"block{block}_pool"));
        }
        if (includeTop)
        {
            long side = imageSize / 32, hidden = Math.Max(1, 4096 / widthDivisor);
            layers.Add(new KerasTestLayer("flatten"));
            layers.Add(Layer(rng, "fc1", [channels * side * side, hidden], fanIn: channels * side * side));
            layers.Add(Layer(rng, "fc2", [hidden, hidden], fanIn: hidden));
            layers.Add(Layer(rng, "predictions", [hidden, classes], fanIn: hidden));
        }
        return new KerasTestVgg(variant, includeTop, imageSize, layers);
    }

    /// <summary>A layer with He-normal kernel <paramref name="dims"/> and a random bias.</summary>
    public static KerasTestLayer Layer(Random rng, string name, long[] dims, long fanIn)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        var kernel = TestModels.RandomNormal(rng, count, Math.Sqrt(2.0 / fanIn));
        var bias = TestModels.RandomNormal(rng, dims[^1], 0.1);
        return new KerasTestLayer(name, kernel, dims, bias);
    }
}
