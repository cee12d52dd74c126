using ConvLens.Graph;
using ConvLens.Runtime;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Runtime;

/// <summary>
/// The input gradient of a channel's mean activation on the real ResNet18, through the stem's asymmetric
/// pads, max pooling, stride-2 convolutions with [1,1,0,0] pads, 1x1 stride-2 projections, BatchNorm and
/// residual Adds, against float64 central differences of the same objective by the reference evaluator.
/// </summary>
public sealed class RealModelGradientTests
{
    // The first ReLU after the first residual block of stage 2: everything listed above lies on its path.
    private const string Layer = "ReLU301_Output_0";
    private const int Channel = 5;
    private const int Size = 64;

    [Fact]
    public void ChannelMeanGradientOfResNet18MatchesFloat64FiniteDifferences()
    {
        var model = OnnxModelReader.ReadFile(TestFiles.ResNet18);
        OpsetNormalizer.Normalize(model);
        // The network is convolutional up to its last pool: pruned to a stage-2 value it runs at 64x64, which
        // keeps the float64 reference (plain loops) fast enough for the default test run.
        model = GraphPruner.Prune(model, [Layer]);
        model.Graph.Inputs[0] = model.Graph.Inputs[0] with { Shape = TensorShape.Of(1, 3, Size, Size) };
        model.Graph.ValueInfos.Clear();
        ShapeInference.Infer(model);
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Add");
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Conv" && n.Ints("strides") is [2, 2] && n.Ints("pads") is [1, 1, 0, 0]);

        using var network = Network.FromModel(model);
        var input = FloatTensor.Zeros(1, 3, Size, Size).FillNormal(new Random(11), 50f);
        var layerShape = network.Layers.Resolve(Layer).Shape!.ToLongs(1).Select(d => (int)d).ToArray();
        var seed = FloatTensor.Zeros(layerShape);
        int plane = layerShape[2] * layerShape[3];
        seed.Data.AsSpan(Channel * plane, plane).Fill(1f / plane);
        var session = network.Gradient(GradientRequest.ForLayer(Layer));
        var gradient = session.Run(input, new Dictionary<string, FloatTensor> { [Layer] = seed })[session.GradientOutputs[network.Input.Name]].Data;

        var x = RefTensor.FromFloats(input.Data, 1, 3, Size, Size);
        double Objective(double[] data)
        {
            var a = ReferenceEvaluator.Run(model, new Dictionary<string, RefTensor> { [network.Input.Name] = new RefTensor(x.Shape, data) }, [Layer])[Layer];
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += a.Data[Channel * plane + i];
            return sum / plane;
        }

        double gradientNorm = Math.Sqrt(gradient.Sum(g => (double)g * g));
        Assert.True(gradientNorm > 0, "the gradient must not vanish for this channel and input");
        var random = new Random(12);
        const double eps = 1e-4; // inputs are O(50): a step of 1e-4 along a unit direction stays far from ReLU/MaxPool kinks
        for (int k = 0; k < 4; k++)
        {
            var direction = new double[x.Data.Length];
            for (int i = 0; i < direction.Length; i++) direction[i] = random.NextDouble() * 2 - 1;
            double norm = Math.Sqrt(direction.Sum(d => d * d));
            var plus = x.Data.Select((v, i) => v + eps * direction[i] / norm).ToArray();
            var minus = x.Data.Select((v, i) => v - eps * direction[i] / norm).ToArray();
            double numeric = (Objective(plus) - Objective(minus)) / (2 * eps);
            double analytic = gradient.Select((g, i) => g * direction[i] / norm).Sum();
            // Float32 gradient through ~10 layers: relative error ~1e-5 of the typical directional derivative
            // |g|/sqrt(n); 1e-3 of it leaves room for float32 accumulation yet fails on any wrong rule (errors of O(1)).
            double scale = gradientNorm / Math.Sqrt(gradient.Length);
            Assert.True(Math.Abs(analytic - numeric) <= 1e-3 * Math.Max(Math.Abs(numeric), scale),
                $"direction {k} (seed 12): analytic {analytic:G9}, numeric {numeric:G9}, scale {scale:G3}");
        }
    }
}
