using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Tests.Circuits;

/// <summary>Hand-built models for circuit tests: convolutions with known kernels, BatchNorm, joins.</summary>
internal static class CircuitModels
{
    /// <summary>How one test convolution is built.</summary>
    /// <param name="In">Input channels.</param>
    /// <param name="Out">Output channels.</param>
    /// <param name="Kernel">Kernel side.</param>
    /// <param name="Groups">Groups.</param>
    /// <param name="Weights">OIHW weights ([Out, In / Groups, Kernel, Kernel]).</param>
    internal sealed record ConvSpec(int In, int Out, int Kernel, int Groups, float[] Weights);

    /// <summary>
    /// input (N, In, Size, Size) → Conv "conv" (pads Kernel/2, optional bias) → [BatchNormalization "bn"] → Relu "relu".
    /// </summary>
    public static OnnxModel SingleConv(ConvSpec spec, int size = 8, float[]? bias = null, (float[] Gamma, float[] Beta, float[] Mean, float[] Var, float Epsilon)? batchNorm = null,
        long[]? strides = null, long[]? pads = null, long[]? dilations = null)
    {
        var b = new GraphBuilder(opset: 17);
        var x = b.Input("input", Dim.Sym("N"), spec.In, size, size);
        var w = b.Weight("conv/kernel", spec.Weights, spec.Out, spec.In / spec.Groups, spec.Kernel, spec.Kernel);
        string[] inputs = bias is null ? [x, w] : [x, w, b.Weight("conv/bias", bias, spec.Out)];
        int p = spec.Kernel / 2;
        var conv = b.Node("Conv", inputs, "conv")
            .With("kernel_shape", new long[] { spec.Kernel, spec.Kernel }).With("pads", pads ?? [p, p, p, p]).With("group", (long)spec.Groups);
        if (strides is not null) conv.With("strides", strides);
        if (dilations is not null) conv.With("dilations", dilations);
        var y = conv.Outputs[0];
        if (batchNorm is { } bn)
        {
            y = b.Node("BatchNormalization", [y, b.Weight("bn/gamma", bn.Gamma, spec.Out), b.Weight("bn/beta", bn.Beta, spec.Out),
                b.Weight("bn/mean", bn.Mean, spec.Out), b.Weight("bn/var", bn.Var, spec.Out)], "bn").With("epsilon", bn.Epsilon).Outputs[0];
        }
        b.Output(b.Node("Relu", [y], "relu").Outputs[0]);
        return b.Build();
    }

    /// <summary>
    /// A small residual network: stem conv "c1" → BN "bn1" → Relu "r1"; branch conv "c2" → BN "bn2";
    /// Add "add" (bn2 + r1) → Relu "r2"; projection conv "c3" (1×1) of r2 and conv "c4" of r2 joined by Add "add2"
    /// → Relu "r3"; Concat "cat" of r3 (4 channels) and r1 (4 channels) → conv "c5". All weights seeded.
    /// </summary>
    public static OnnxModel Residual(int seed)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder(opset: 17);
        var x = b.Input("input", Dim.Sym("N"), 3, 8, 8);
        string Conv(string name, string input, int inChannels, int outChannels, int kernel)
        {
            var w = b.Weight($"{name}/kernel", TestModels.RandomNormal(rng, outChannels * inChannels * kernel * kernel, 0.5), outChannels, inChannels, kernel, kernel);
            int p = kernel / 2;
            return b.Node("Conv", [input, w], name).With("kernel_shape", new long[] { kernel, kernel }).With("pads", new long[] { p, p, p, p }).Outputs[0];
        }
        string Bn(string name, string input, int channels)
        {
            float[] Positive() => Enumerable.Range(0, channels).Select(_ => (float)(0.5 + rng.NextDouble())).ToArray();
            float[] Signed() => TestModels.RandomNormal(rng, channels, 0.5);
            return b.Node("BatchNormalization", [input, b.Weight($"{name}/gamma", Signed(), channels), b.Weight($"{name}/beta", Signed(), channels),
                b.Weight($"{name}/mean", Signed(), channels), b.Weight($"{name}/var", Positive(), channels)], name).Outputs[0];
        }
        var r1 = b.Node("Relu", [Bn("bn1", Conv("c1", x, 3, 4, 3), 4)], "r1").Outputs[0];
        var add = b.Node("Add", [Bn("bn2", Conv("c2", r1, 4, 4, 3), 4), r1], "add").Outputs[0];
        var r2 = b.Node("Relu", [add], "r2").Outputs[0];
        var add2 = b.Node("Add", [Conv("c3", r2, 4, 4, 1), Conv("c4", r2, 4, 4, 3)], "add2").Outputs[0];
        var r3 = b.Node("Relu", [add2], "r3").Outputs[0];
        var cat = b.Node("Concat", [r3, r1], "cat").With("axis", 1L).Outputs[0];
        b.Output(Conv("c5", cat, 8, 2, 3));
        return b.Build();
    }

    /// <summary>A narrow VGG16 with seeded random weights, as a Network, at 32×32.</summary>
    public static Network NarrowVgg(int seed, int widthDivisor = 16, int imageSize = 32) =>
        Network.FromModel(VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(seed), includeTop: false, widthDivisor: widthDivisor, imageSize: imageSize));

    /// <summary>Weights 0, 1, 2, … scaled by nothing, so each slice is known exactly.</summary>
    public static float[] Counting(int count, Func<int, float> value) => Enumerable.Range(0, count).Select(value).ToArray();
}
