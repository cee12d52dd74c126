using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Conv, MaxPool, AveragePool and the global pools against float64 finite differences, over the
/// geometries real CNNs use (CNTK ResNet18's asymmetric pads among them), and which form each rule emits.
/// </summary>
public class ConvPoolGradientsTests
{
    /// <summary>
    /// A conv input gradient sums channels·taps float32 products (up to 16·9 here), ~1e-6 relative each way;
    /// a wrong tap, flip or pad moves whole terms, O(1e-1) of the gradient.
    /// </summary>
    private const double ConvTolerance = 1e-4;

    /// <summary>Pool gradients route or scale single float32 values (one rounding of 1/divisor at most).</summary>
    private const double PoolTolerance = 1e-5;

    private static readonly Dim Batch = Dim.Sym("N");

    public static TheoryData<string, long, long, long[], long[], long[], long[], long[], long, string> ConvCases() => new()
    {
        // name, in channels, out channels, spatial, kernel, strides, pads, dilations, group, auto_pad
        { "stride 1, 16 channels (flipped-kernel Conv)", 16, 8, [7, 6], [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1, "NOTSET" },
        { "stride 1, 3 channels (ConvTranspose)", 3, 8, [7, 6], [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1, "NOTSET" },
        { "stride 2", 4, 6, [8, 9], [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], 1, "NOTSET" },
        { "stride 3, remainder rows", 3, 4, [11, 10], [3, 3], [3, 3], [0, 1, 0, 0], [1, 1], 1, "NOTSET" },
        { "7x7/2 pads [3,3,2,2] (CNTK ResNet18 stem)", 3, 4, [16, 16], [7, 7], [2, 2], [3, 3, 2, 2], [1, 1], 1, "NOTSET" },
        { "3x3/2 pads [1,1,0,0] (CNTK ResNet18)", 4, 6, [8, 8], [3, 3], [2, 2], [1, 1, 0, 0], [1, 1], 1, "NOTSET" },
        { "1x1/2, odd size", 4, 6, [9, 7], [1, 1], [2, 2], [0, 0, 0, 0], [1, 1], 1, "NOTSET" },
        { "dilation 2", 16, 4, [9, 8], [3, 3], [1, 1], [2, 2, 2, 2], [2, 2], 1, "NOTSET" },
        { "dilation 2, stride 2", 3, 4, [11, 10], [3, 3], [2, 2], [1, 2, 0, 1], [2, 2], 1, "NOTSET" },
        { "groups 2", 16, 8, [6, 7], [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 2, "NOTSET" },
        { "groups 2, stride 2", 4, 6, [8, 8], [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], 2, "NOTSET" },
        { "depthwise", 16, 16, [6, 7], [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 16, "NOTSET" },
        { "depthwise, multiplier 2, stride 2", 4, 8, [8, 7], [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], 4, "NOTSET" },
        { "pads wider than the kernel", 16, 4, [5, 6], [3, 3], [1, 1], [4, 0, 0, 3], [1, 1], 1, "NOTSET" },
        { "SAME_UPPER, stride 2", 3, 4, [9, 8], [3, 3], [2, 2], [0, 0, 0, 0], [1, 1], 1, "SAME_UPPER" },
        { "SAME_LOWER, even kernel", 16, 4, [7, 6], [4, 4], [1, 1], [0, 0, 0, 0], [1, 1], 1, "SAME_LOWER" },
        { "VALID", 3, 4, [7, 6], [3, 2], [1, 1], [0, 0, 0, 0], [1, 1], 1, "VALID" },
        { "1-D, stride 1", 16, 4, [9], [3], [1], [2, 1], [1], 1, "NOTSET" },
        { "1-D, stride 2", 3, 4, [10], [4], [2], [1, 0], [1], 1, "NOTSET" },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void ConvInputGradientMatchesFiniteDifferences(string name, long inChannels, long outChannels, long[] spatial, long[] kernel,
        long[] strides, long[] pads, long[] dilations, long group, string autoPad)
    {
        _ = name;
        var model = ConvModel(seed: 61, inChannels, outChannels, spatial, kernel, strides, pads, dilations, group, autoPad);
        GradientChecker.AssertMatches(model, "y", seed: 61, ConvTolerance);
    }

    [Fact]
    public void ConvWithRunTimeWeightsMatchesFiniteDifferences()
    {
        // Weights fed at run time: the transposed, flipped kernel is computed by Reshape/Transpose/Slice nodes.
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 16, 6, 5);
        var w = b.Input("w", 8, 8, 3, 2);
        b.Output(b.Node("Conv", [x, w], "y").With("group", 2L).With("pads", [1L, 0, 1, 1]).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 62, ConvTolerance, wrt: ["x"]);
    }

    [Fact]
    public void ConvBiasGradientIsTheSummedOutputGradient()
    {
        var rng = new Random(63);
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, 5, 5);
        var bias = b.Input("bias", 4);
        b.Output(b.Node("Conv", [x, b.Weight("w", TestModels.RandomNormal(rng, 4 * 3 * 9), 4, 3, 3, 3), bias], "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 63, ConvTolerance);
    }

    [Fact]
    public void ConvRefusesAWeightGradient()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, 5, 5);
        b.Output(b.Node("Conv", [x, b.Input("w", 4, 3, 3, 3)], "y").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x", "w"]));
        Assert.Contains("weights 'w'", e.Message);
    }

    [Fact]
    public void ConvNeedsStaticSpatialSizes()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, Dim.Sym("H"), 5);
        b.Output(b.Node("Conv", [x, b.Weight("w", new float[4 * 3 * 9], 4, 3, 3, 3)], "y").With("strides", [2L, 2]).Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]));
        Assert.Contains("must be static", e.Message);
    }

    [Theory]
    [InlineData(16, 1, "Conv")]           // many channels, stride 1: the flipped-kernel Conv
    [InlineData(3, 1, "ConvTranspose")]   // an image's 3 channels: ConvTranspose (measured faster)
    [InlineData(16, 2, "ConvTranspose")]  // strided: ConvTranspose multiplies no inserted zeros
    public void ConvPicksTheFasterForm(long inChannels, long stride, string backwardOp)
    {
        var model = ConvModel(64, inChannels, 8, [8, 8], [3, 3], [stride, stride], [1, 1, 1, 1], [1, 1], 1, "NOTSET");
        Assert.Equal([backwardOp], BackwardOps(model).Where(op => op.StartsWith("Conv", StringComparison.Ordinal)));
    }

    public static TheoryData<string, long[], long[], long[], long[], long, long[], long> PoolCases() => new()
    {
        // name, spatial, kernel, strides, pads, ceil_mode, dilations, opset
        { "2x2/2", [8, 6], [2, 2], [2, 2], [0, 0, 0, 0], 0, [1, 1], 17 },
        { "2x2/2, odd sizes", [9, 7], [2, 2], [2, 2], [0, 0, 0, 0], 0, [1, 1], 17 },
        { "2x2/2, odd sizes, ceil_mode", [9, 7], [2, 2], [2, 2], [0, 0, 0, 0], 1, [1, 1], 17 },
        { "3x3/2 pads [1,1,0,0] (CNTK ResNet18)", [12, 12], [3, 3], [2, 2], [1, 1, 0, 0], 0, [1, 1], 17 },
        { "3x3/2 pads [1,1,0,0], odd sizes", [11, 13], [3, 3], [2, 2], [1, 1, 0, 0], 0, [1, 1], 17 },
        { "3x3/2, ceil_mode", [10, 11], [3, 3], [2, 2], [0, 0, 0, 0], 1, [1, 1], 17 },
        { "3x3/2 pads 1, ceil_mode", [10, 11], [3, 3], [2, 2], [1, 1, 1, 1], 1, [1, 1], 17 },
        { "3x3/1 pads 1", [6, 7], [3, 3], [1, 1], [1, 1, 1, 1], 0, [1, 1], 17 },
        { "3x2/1 asymmetric pads", [6, 7], [3, 2], [1, 1], [2, 0, 1, 1], 0, [1, 1], 17 },
        { "2x3, strides 1x2", [6, 9], [2, 3], [1, 2], [0, 1, 1, 0], 0, [1, 1], 17 },
        { "dilation 2", [9, 9], [2, 2], [1, 2], [1, 0, 0, 1], 0, [2, 2], 19 },
        { "3x3/2, opset 13", [12, 12], [3, 3], [2, 2], [1, 1, 0, 0], 0, [1, 1], 13 },
        { "1-D 3/2", [11], [3], [2], [1, 0], 0, [1], 17 },
    };

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void MaxPoolMatchesFiniteDifferences(string name, long[] spatial, long[] kernel, long[] strides, long[] pads, long ceilMode, long[] dilations, long opset)
    {
        _ = name;
        var model = PoolModel("MaxPool", opset, spatial, kernel, strides, pads, ceilMode, dilations, countIncludePad: null);
        GradientChecker.AssertMatches(model, "y", seed: 71, PoolTolerance);
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void AveragePoolMatchesFiniteDifferences(string name, long[] spatial, long[] kernel, long[] strides, long[] pads, long ceilMode, long[] dilations, long opset)
    {
        _ = name;
        foreach (long countIncludePad in new long[] { 0, 1 })
        {
            var model = PoolModel("AveragePool", Math.Max(opset, dilations.Any(d => d != 1) ? 19 : 0), spatial, kernel, strides, pads, ceilMode, dilations, countIncludePad);
            GradientChecker.AssertMatches(model, "y", seed: 72 + (int)countIncludePad, PoolTolerance);
        }
    }

    [Theory]
    [InlineData("MaxPool", 2, 2, 0, "ConvTranspose")]      // max pools: one-hot first-maximum taps, then ConvTranspose
    [InlineData("MaxPool", 3, 2, 1, "ConvTranspose")]
    [InlineData("AveragePool", 2, 2, 0, "Resize")]
    [InlineData("AveragePool", 3, 1, 1, "AveragePool")]    // stride 1: an average pool of the scaled gradient
    [InlineData("AveragePool", 3, 2, 1, "ConvTranspose")]
    public void PoolsPickTheFasterForm(string op, long kernel, long stride, long pad, string expectedOp)
    {
        var model = PoolModel(op, 17, [8, 8], [kernel, kernel], [stride, stride], [pad, pad, pad, pad], 0, [1, 1], op == "AveragePool" ? 0 : null);
        var ops = BackwardOps(model);
        Assert.Contains(expectedOp, ops);
        Assert.DoesNotContain("ScatterElements", ops);
    }

    [Theory]
    [InlineData("GlobalAveragePool", false)]
    [InlineData("GlobalAveragePool", true)]
    [InlineData("GlobalMaxPool", false)]
    public void GlobalPoolsMatchFiniteDifferences(string op, bool symbolicHeight)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, symbolicHeight ? Dim.Sym("H") : 4, 5);
        b.Output(b.Node(op, [x], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 74, PoolTolerance);
    }

    /// <summary>
    /// ceil_mode with a last window that would start in the end padding: ORT's kernels drop it (4 outputs
    /// from 7 here) although its shape inference counts 5, so the seed is ones of the run-time shape.
    /// x = 0..48 row by row: each window's maximum is its bottom-right element, at even (row, column).
    /// </summary>
    [Fact]
    public void PoolsFollowTheRuntimeWhenCeilModeDropsTheLastWindow()
    {
        var x = RefTensor.FromFloats(Enumerable.Range(0, 49).Select(v => (float)v).ToArray(), 1, 1, 7, 7);
        var maxGrad = PoolGradientOfSum("MaxPool", x);
        var expected = Enumerable.Range(0, 49).Select(i => i / 7 % 2 == 0 && i % 7 % 2 == 0 ? 1.0 : 0.0);
        Assert.Equal(expected, maxGrad.Data);

        // Average pooling is linear: <d sum(y)/dx, v> = sum(AveragePool(v)) for any v; float32 sums of ~50 terms agree to ~1e-6.
        var v = RefTensor.FromFloats(TestModels.RandomNormal(new Random(75), 49), 1, 1, 7, 7);
        var averageGrad = PoolGradientOfSum("AveragePool", x);
        var pooled = OrtRunner.Run(DroppedWindowPool("AveragePool"), new Dictionary<string, RefTensor> { ["x"] = v }, ["y"])["y"];
        Assert.Equal(16, pooled.ElementCount);
        Assert.Equal(pooled.Data.Sum(), averageGrad.Data.Zip(v.Data).Sum(p => p.First * p.Second), 5);
    }

    [Fact]
    public void ATilingMaxPoolGivesATiedWindowsGradientToItsFirstMaximum()
    {
        // A constant window ties four ways: its first element gets the window's whole gradient, as in PyTorch.
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 1, 2, 2);
        b.Output(b.Node("MaxPool", [x], "y").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([5f, 5f, 5f, 5f], 1, 1, 2, 2),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([3f], 1, 1, 1, 1),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        Assert.Equal([3.0, 0.0, 0.0, 0.0], dx.Data);
    }

    /// <summary>
    /// Overlapping and padded windows over an input full of ties: each window's gradient goes to its first
    /// maximal element, scanning the taps inside the input row by row (PyTorch's max_pool2d and ORT's MaxPool
    /// Indices), and to nothing else, not even a padding tap that reads 0 in a window whose maximum is 0.
    /// Finite differences cannot see this (a tie has no derivative), so the expected values are exact.
    /// </summary>
    [Theory]
    [InlineData(2, 2, 0, 0)]   // VGG's and GoogLeNet's maxpool4: tiling 2×2/2
    [InlineData(3, 1, 1, 0)]   // GoogLeNet's inception branch pool: 3×3/1, pads 1
    [InlineData(3, 2, 0, 1)]   // GoogLeNet's stem pools: 3×3/2, ceil_mode
    [InlineData(3, 2, 1, 0)]   // ResNet's stem pool: 3×3/2, pads 1
    public void MaxPoolSendsEachOverlappingWindowsGradientToItsFirstMaximumOnly(long kernel, long stride, long pad, long ceilMode)
    {
        const int channels = 2, height = 6, width = 7;
        var rng = new Random(76);
        long[] values = [-1, 0, 0, 2, 3, 3];
        var x = RefTensor.FromFloats(Enumerable.Range(0, channels * height * width).Select(_ => (float)values[rng.Next(values.Length)]).ToArray(), 1, channels, height, width);
        // Top-left of channel 0: a window whose maximum 0 is preceded by padding taps (reading 0) and by -1.
        x.Data[0] = -1; x.Data[1] = 0; x.Data[width] = 0; x.Data[width + 1] = -1;

        var b = new GraphBuilder();
        var input = b.Input("x", 1, channels, height, width);
        b.Output(b.Node("MaxPool", [input], "y").With("kernel_shape", [kernel, kernel]).With("strides", [stride, stride])
            .With("pads", [pad, pad, pad, pad]).With("ceil_mode", ceilMode).Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        long outH = PooledSize(height, kernel, stride, pad, ceilMode != 0), outW = PooledSize(width, kernel, stride, pad, ceilMode != 0);
        // Distinct small integers per window: every sum of them is exact in float32.
        var dy = RefTensor.FromFloats(Enumerable.Range(1, (int)(channels * outH * outW)).Select(v => (float)v).ToArray(), 1, channels, outH, outW);

        var dx = OrtRunner.Run(gg.Model, new Dictionary<string, RefTensor> { ["x"] = x, [gg.SeedInputs["y"]] = dy }, [gg.Gradients["x"]])[gg.Gradients["x"]];

        var expected = new double[x.ElementCount];
        for (int c = 0; c < channels; c++)
            for (long oh = 0; oh < outH; oh++)
                for (long ow = 0; ow < outW; ow++)
                {
                    long best = -1;
                    for (long kh = 0; kh < kernel; kh++)
                        for (long kw = 0; kw < kernel; kw++)
                        {
                            long h = oh * stride - pad + kh, w = ow * stride - pad + kw;
                            if (h < 0 || h >= height || w < 0 || w >= width) continue;
                            long at = (c * height + h) * width + w;
                            if (best < 0 || x.Data[at] > x.Data[best]) best = at;
                        }
                    expected[best] += dy.Data[(c * outH + oh) * outW + ow];
                }
        Assert.Equal(expected, dx.Data);
    }

    /// <summary>Output size of a pool as PyTorch and ONNX define it (a ceil_mode window must start inside the input or its begin padding).</summary>
    private static long PooledSize(long size, long kernel, long stride, long pad, bool ceilMode)
    {
        long room = size + 2 * pad - kernel;
        long count = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
        return ceilMode && (count - 1) * stride >= size + pad ? count - 1 : count;
    }

    private static OnnxModel DroppedWindowPool(string op)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 1, 7, 7);
        b.Output(b.Node(op, [x], "y").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1]).With("ceil_mode", 1L).Outputs[0]);
        return b.Build();
    }

    private static RefTensor PoolGradientOfSum(string op, RefTensor x)
    {
        var gg = ReverseModeDifferentiator.Differentiate(DroppedWindowPool(op), [GradientSeed.Ones("y")], ["x"]);
        return OrtRunner.Run(gg.Model, new Dictionary<string, RefTensor> { ["x"] = x }, [gg.Gradients["x"]])[gg.Gradients["x"]];
    }

    private static OnnxModel ConvModel(int seed, long inChannels, long outChannels, long[] spatial, long[] kernel, long[] strides,
        long[] pads, long[] dilations, long group, string autoPad)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("x", [Batch, inChannels, .. spatial.Select(Dim.Of)]);
        long[] weightShape = [outChannels, inChannels / group, .. kernel];
        var w = b.Weight("w", TestModels.RandomNormal(rng, weightShape.Aggregate(1L, (a, d) => a * d)), weightShape);
        var conv = b.Node("Conv", [x, w], "y").With("strides", strides).With("dilations", dilations).With("group", group);
        if (autoPad == "NOTSET") conv.With("pads", pads);
        else conv.With("auto_pad", autoPad);
        b.Output("y");
        return b.Build();
    }

    private static OnnxModel PoolModel(string op, long opset, long[] spatial, long[] kernel, long[] strides, long[] pads, long ceilMode,
        long[] dilations, long? countIncludePad)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", [Batch, 3, .. spatial.Select(Dim.Of)]);
        var pool = b.Node(op, [x], "y").With("kernel_shape", kernel).With("strides", strides).With("pads", pads).With("ceil_mode", ceilMode);
        if (dilations.Any(d => d != 1)) pool.With("dilations", dilations);
        if (countIncludePad is { } cip) pool.With("count_include_pad", cip);
        b.Output("y");
        return b.Build();
    }

    /// <summary>Operator types the differentiator added for the gradient of y with respect to x.</summary>
    private static List<string> BackwardOps(OnnxModel model)
    {
        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]);
        return gg.Model.Graph.Nodes.Where(n => n.Name.StartsWith(ReverseModeDifferentiator.Prefix, StringComparison.Ordinal)).Select(n => n.OpType).ToList();
    }
}
