using ConvLens.Graph;

namespace ConvLens.Models;

/// <summary>
/// Builds VGG16/VGG19 as a ConvLens graph with Keras's layer names: <c>blockB_convK</c> is the post-ReLU
/// output (the convolution itself is <c>blockB_convK_preact</c>), <c>blockB_pool</c>, <c>flatten</c>,
/// <c>fc1</c>, <c>fc2</c>, <c>predictions</c> (softmax; the logits are <c>predictions_logits</c>). The
/// Keras loader, the tests and the benchmarks all build VGG through this one place.
/// </summary>
public static class VggArchitecture
{
    /// <summary>Name of the image input.</summary>
    public const string InputName = "input";

    /// <summary>Convolutions per block.</summary>
    public static int[] BlockDepths(VggVariant variant) => variant == VggVariant.Vgg19 ? [2, 2, 4, 4, 4] : [2, 2, 3, 3, 3];

    /// <summary>Output channels of each block at full width.</summary>
    public static readonly int[] BlockChannels = [64, 128, 256, 512, 512];

    /// <summary>Builds the graph.</summary>
    /// <param name="variant">VGG16 or VGG19.</param>
    /// <param name="weights">
    /// Supplies each parameter in ONNX layout by (layer name, "kernel" or "bias", shape): convolution
    /// kernels OIHW, dense kernels [inputs, outputs] applied to the NCHW-flattened (C, H, W) features.
    /// </param>
    /// <param name="includeTop">Whether to add flatten, fc1, fc2 and predictions.</param>
    /// <param name="widthDivisor">Divides every channel and dense width (tests build narrow VGGs of the same topology).</param>
    /// <param name="imageSize">Input height and width.</param>
    /// <param name="classes">Outputs of <c>predictions</c>.</param>
    public static OnnxModel Build(VggVariant variant, Func<string, string, long[], float[]> weights, bool includeTop = true,
        int widthDivisor = 1, int imageSize = 224, int classes = 1000)
    {
        if (imageSize % 32 != 0 || imageSize < 32) throw new ArgumentException("VGG needs an image size that is a multiple of 32", nameof(imageSize));
        var b = new GraphBuilder(opset: 17);
        var x = b.Input(InputName, Dim.Sym("N"), 3, imageSize, imageSize);
        long channels = 3;
        var depths = BlockDepths(variant);
        for (int block = 1; block <= 5; block++)
        {
            long width = Math.Max(1, BlockChannels[block - 1] / widthDivisor);
            for (int k = 1; k <= depths[block - 1]; k++)
            {
                var name = $"block{block}_conv{k}";
                var w = b.Weight($"{name}/kernel", weights(name, "kernel", [width, channels, 3, 3]), width, channels, 3, 3);
                var bias = b.Weight($"{name}/bias", weights(name, "bias", [width]), width);
                var conv = b.Node("Conv", [x, w, bias], $"{name}_preact")
                    .With("kernel_shape", new long[] { 3, 3 }).With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
                x = b.Node("Relu", [conv], name).Outputs[0];
                channels = width;
            }
            x = b.Node("MaxPool", [x], $"block{block}_pool").With("kernel_shape", new long[] { 2, 2 }).With("strides", new long[] { 2, 2 }).Outputs[0];
        }
        if (includeTop)
        {
            long features = channels * (imageSize / 32) * (imageSize / 32);
            x = b.Node("Flatten", [x], "flatten").With("axis", 1L).Outputs[0];
            long hidden = Math.Max(1, 4096 / widthDivisor);
            x = Dense(b, x, "fc1", features, hidden, weights, relu: true);
            x = Dense(b, x, "fc2", hidden, hidden, weights, relu: true);
            var logits = Dense(b, x, "predictions", hidden, classes, weights, relu: false);
            x = b.Node("Softmax", [logits], "predictions").With("axis", 1L).Outputs[0];
        }
        b.Output(x);
        var model = b.Build();
        model.ProducerName = "ConvLens";
        model.Metadata["convlens.architecture"] = variant.ToString().ToLowerInvariant();
        return model;
    }

    private static string Dense(GraphBuilder b, string x, string name, long inputs, long outputs, Func<string, string, long[], float[]> weights, bool relu)
    {
        var w = b.Weight($"{name}/kernel", weights(name, "kernel", [inputs, outputs]), inputs, outputs);
        var bias = b.Weight($"{name}/bias", weights(name, "bias", [outputs]), outputs);
        var y = b.Node("Gemm", [x, w, bias], relu ? $"{name}_preact" : $"{name}_logits").Outputs[0];
        return relu ? b.Node("Relu", [y], name).Outputs[0] : y;
    }

    /// <summary>
    /// Seeded He-normal weights (std √(2 / fan-in), biases 0.01): activations keep their scale through
    /// all 16 layers, so random-weight VGGs behave like trained ones for timing and gradient checks.
    /// </summary>
    public static Func<string, string, long[], float[]> RandomWeights(int seed)
    {
        return (layer, kind, shape) =>
        {
            long count = shape.Aggregate(1L, (a, d) => a * d);
            var data = new float[count];
            if (kind == "bias") { Array.Fill(data, 0.01f); return data; }
            long fanIn = shape.Length == 4 ? shape[1] * shape[2] * shape[3] : shape[0];
            var rng = new Random(seed * 7919 + StableHash(layer));
            float std = (float)Math.Sqrt(2.0 / fanIn);
            for (long i = 0; i < count; i += 2)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double r = Math.Sqrt(-2.0 * Math.Log(u1));
                data[i] = std * (float)(r * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < count) data[i + 1] = std * (float)(r * Math.Sin(2 * Math.PI * u2));
            }
            return data;
        };
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int h = 17;
            foreach (char c in text) h = h * 31 + c;
            return h & 0x7fffffff;
        }
    }
}
