using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;

namespace ConvLens.Tests.Visualization;

/// <summary>Small models the visualisation tests build, with weights set by hand or from a seed.</summary>
internal static class VisualizationTestModels
{
    /// <summary>The conv layer's output (after ReLU) in <see cref="OrientedEdges"/>.</summary>
    public const string EdgeLayer = "edges";

    /// <summary>Side of the kernels of <see cref="OrientedEdges"/>.</summary>
    public const int EdgeKernel = 9;

    /// <summary>
    /// One convolution + ReLU whose channel k is an oriented edge detector: the derivative of a Gaussian
    /// (σ = 1.5 px) along the unit vector at <c>angles[k]</c> degrees from the +x axis towards +y (image
    /// rows grow downwards), the same on R, G and B. The channel responds most to a grating whose intensity
    /// changes along that direction, so its visualisation's dominant gradient orientation is <c>angles[k]</c>.
    /// </summary>
    public static OnnxModel OrientedEdges(IReadOnlyList<double> angles, int size)
    {
        int k = EdgeKernel, half = k / 2;
        var weights = new float[angles.Count * 3 * k * k];
        for (int c = 0; c < angles.Count; c++)
        {
            double theta = angles[c] * Math.PI / 180, sigma = 1.5;
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    double x = kx - half, y = ky - half;
                    double along = x * Math.Cos(theta) + y * Math.Sin(theta);
                    // Scaled so a unit step edge across the kernel gives a response of order 1 per input unit.
                    float w = (float)(along * Math.Exp(-(x * x + y * y) / (2 * sigma * sigma)) / (sigma * sigma * 3 * 2 * Math.PI));
                    for (int ch = 0; ch < 3; ch++) weights[((c * 3 + ch) * k + ky) * k + kx] = w;
                }
        }
        var b = new GraphBuilder();
        var x0 = b.Input("image", Dim.Sym("N"), 3, size, size);
        var w0 = b.Weight("edges/kernel", weights, angles.Count, 3, k, k);
        var conv = b.Node("Conv", [x0, w0], "edges_preact").With("pads", new long[] { half, half, half, half }).Outputs[0];
        b.Output(b.Node("Relu", [conv], EdgeLayer).Outputs[0]);
        return b.Build();
    }

    /// <summary>
    /// Two seeded random convolutions with ReLUs (<c>c1</c>: 4 channels, <c>c2</c>: 6 channels) on a
    /// 3 × <paramref name="size"/>² input: for objective algebra and determinism tests.
    /// </summary>
    public static OnnxModel TwoConvs(int seed, int size = 16)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, size, size);
        var w1 = b.Weight("w1", TestModels.RandomNormal(rng, 4 * 3 * 3 * 3, 0.3), 4, 3, 3, 3);
        var b1 = b.Weight("b1", TestModels.RandomNormal(rng, 4, 0.1), 4);
        var c1 = b.Node("Conv", [x, w1, b1], "c1_preact").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        var r1 = b.Node("Relu", [c1], "c1").Outputs[0];
        var w2 = b.Weight("w2", TestModels.RandomNormal(rng, 6 * 4 * 3 * 3, 0.3), 6, 4, 3, 3);
        var c2 = b.Node("Conv", [r1, w2], "c2_preact").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        b.Output(b.Node("Relu", [c2], "c2").Outputs[0]);
        return b.Build();
    }

    /// <summary>
    /// VGG19's topology without the classifier at a fraction of its width and input size, seeded He weights,
    /// with Keras's Caffe preprocessing prepended (as the VGG19 .h5 files get it).
    /// </summary>
    public static Network NarrowVgg19(int widthDivisor = 8, int imageSize = 64, int seed = 1)
    {
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(seed), includeTop: false,
            widthDivisor: widthDivisor, imageSize: imageSize);
        return Network.FromModel(PreprocessingPresets.Apply(model, PreprocessingPresets.Caffe));
    }
}
