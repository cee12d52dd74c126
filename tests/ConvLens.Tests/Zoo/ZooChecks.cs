using System.Text.Json;
using ConvLens.Attribution;
using ConvLens.Attribution.Gradients;
using ConvLens.Attribution.Targets;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Tests.Cli;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Zoo;

/// <summary>
/// What a user of each torchvision architecture expects of ConvLens, checked against PyTorch's own answers
/// (<see cref="ZooExports"/>): the summary lists it, classify gives PyTorch's top-5, input gradients equal
/// autograd's signed gradients, attributions and both visualization recipes run.
/// </summary>
internal static class ZooChecks
{
    /// <summary>
    /// Relative L2 error allowed between ConvLens's and autograd's signed input gradients. Both sides are
    /// float32 through 20–100 layers with different convolution algorithms (ORT's vs PyTorch's), ~1e-6 relative
    /// per layer; a ReLU or max-pool whose input lies within that rounding of its switch point can flip and
    /// move a few elements' gradient. A wrong rule (a missing term, a tie routed elsewhere, a transposed
    /// kernel) is an error of order 1e-1 to 1 (GoogLeNet's pool-tie bug gave 0.45).
    /// </summary>
    public const double GradientTolerance = 1e-2;

    /// <summary>Logits of PyTorch's top-5 closer than this (relative to the largest) may swap order across engines.</summary>
    private const double TieTolerance = 1e-4;

    public static void SummaryListsTheModel(string arch)
    {
        var m = ZooExports.Get(arch);
        var (code, output) = CliRunner.Run(["summary", "--model", m.Model, "--preprocess", "torch"]);
        Assert.True(code == 0, $"{arch}: summary exited {code}: {output}");
        foreach (var layer in m.Gradients.Where(g => g.Layer is not null).Select(g => g.Layer!))
            Assert.Contains(layer, output);
    }

    public static void ClassifyGivesPyTorchsTopFive(string arch)
    {
        var m = ZooExports.Get(arch);
        var images = m.ImagePaths.ToArray();
        var (code, output) = CliRunner.Run(["classify", "--model", m.Model, "--preprocess", "torch", .. images, "--top", "5", "--json"]);
        Assert.True(code == 0, $"{arch}: classify exited {code}: {output}");
        var logits = m.Load(m.Logits);
        int classes = (int)m.Logits.Shape[1];
        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(images.Length, results.Length);
        for (int i = 0; i < images.Length; i++)
        {
            var row = logits.AsSpan(i * classes, classes);
            double scale = Math.Max(1, Math.Abs(row[m.Top5[i][0]]));
            var ours = results[i].GetProperty("top").EnumerateArray().Select(t => t.GetProperty("index").GetInt32()).ToArray();
            for (int rank = 0; rank < 5; rank++)
            {
                // The same class, or one whose PyTorch logit ties with PyTorch's class at that rank.
                double gap = Math.Abs(row[ours[rank]] - row[m.Top5[i][rank]]);
                Assert.True(ours[rank] == m.Top5[i][rank] || gap <= TieTolerance * scale,
                    $"{arch} image {i} rank {rank}: ConvLens class {ours[rank]}, PyTorch {m.Top5[i][rank]} (logit gap {gap:G3})");
            }
        }
    }

    public static void GradientsEqualAutograd(string arch)
    {
        var m = ZooExports.Get(arch);
        using var network = Open(m);
        var image = Image(m, network);
        var wrt = network.PreprocessedInput!;
        foreach (var expected in m.Gradients)
        {
            string layer = expected.Kind == "class" ? "logits" : expected.Layer!;
            var session = network.Gradient(new GradientRequest { SeededLayers = [layer], Outputs = [layer], WithRespectTo = [wrt] });
            var activation = network.Activations(image, layer)[layer];
            var seed = FloatTensor.Zeros(activation.Shape);
            double value;
            if (expected.Kind == "class")
            {
                seed.Data[expected.Class!.Value] = 1;
                value = activation.Data[expected.Class.Value];
            }
            else
            {
                int plane = activation.Shape[2] * activation.Shape[3], c = expected.Channel!.Value;
                Assert.Equal(expected.ActivationShape!.Skip(1).Select(d => (int)d), activation.Shape.Skip(1));
                seed.Data.AsSpan(c * plane, plane).Fill(1f / plane);
                value = activation.Data.AsSpan(c * plane, plane).ToArray().Average();
            }
            string what = $"{arch} {(expected.Kind == "class" ? $"class {expected.Class}" : $"{layer}:{expected.Channel}")}";
            // The forward value first: a wrong layer name or preprocessing shows here, not as a gradient error.
            Assert.True(Math.Abs(value - expected.Value) <= 1e-3 * Math.Max(1, Math.Abs(expected.Value)), $"{what}: value {value} vs PyTorch {expected.Value}");
            var outputs = session.Run(image, new Dictionary<string, FloatTensor> { [layer] = seed });
            var ours = outputs[session.GradientOutputs[wrt]].Data;
            var theirs = m.Load(expected);
            double error = RelativeError(ours, theirs);
            Assert.True(error <= GradientTolerance, $"{what}: relative L2 error {error:G3} of the input gradient (tolerance {GradientTolerance})");
        }
    }

    public static void AttributionsRun(string arch)
    {
        var m = ZooExports.Get(arch);
        using var network = Open(m);
        var image = Image(m, network);
        var target = ClassTarget.TopPrediction(network, image);
        var cam = AttributionMethods.Create("gradcam").Explain(network, image, target);
        Assert.All(cam.Values, v => Assert.True(float.IsFinite(v)));
        Assert.True(cam.Values.Max() > 0, $"{arch}: Grad-CAM map is all zero");
        var ig = (IntegratedGradients)AttributionMethods.Create("ig", new AttributionOptions { Steps = 32, BatchSize = 8 });
        var map = ig.Explain(network, image, target);
        Assert.All(map.Values, v => Assert.True(float.IsFinite(v)));
        // Completeness with 32 Riemann steps on a ReLU network: within 25% of the score difference (the
        // trapezoid error of a path crossing thousands of ReLU switches); a wrong gradient misses by far more.
        Assert.True(map.Completeness!.RelativeError < 0.25, $"{arch}: IG completeness error {map.Completeness.RelativeError:P1}");
    }

    public static void RecipesRaiseTheirObjective(string arch)
    {
        var m = ZooExports.Get(arch);
        using var network = Open(m);
        var visualizer = new FeatureVisualizer(network);
        var channel = m.Gradients.First(g => g.Kind == "channel");
        var objective = Objective.Channel(channel.Layer!, channel.Channel!.Value);
        var notebook = visualizer.Render(objective, 1, new NotebookRecipe { Steps = 10, Seed = 3 }).Images[0].Curve;
        Assert.True(notebook[^1] > notebook[0], $"{arch} notebook recipe: {notebook[0]} -> {notebook[^1]}");
        var modern = visualizer.Render(objective, 1, new ModernRecipe { Steps = 16, Seed = 3 }).Images[0].Curve;
        Assert.True(modern[^1] > modern[0], $"{arch} modern recipe: {modern[0]} -> {modern[^1]}");
    }

    private static Network Open(ZooManifest m) => ModelLoader.Open(m.Model, new ModelLoadOptions { Preprocess = PreprocessingPresets.Torch });

    private static FloatTensor Image(ZooManifest m, Network network) =>
        ImageLoader.Load(m.ImagePaths.First(), network.InputSize.Width, network.InputSize.Height).ToTensor();

    private static double RelativeError(float[] ours, float[] theirs)
    {
        Assert.Equal(theirs.Length, ours.Length);
        double difference = 0, norm = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            difference += (ours[i] - (double)theirs[i]) * (ours[i] - theirs[i]);
            norm += (double)theirs[i] * theirs[i];
        }
        return Math.Sqrt(difference / Math.Max(norm, 1e-30));
    }
}
