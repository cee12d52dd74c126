using System.Diagnostics;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Xunit;
using Xunit.Abstractions;

namespace ConvLens.Tests.Visualization;

public sealed class ScratchProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        const string path = "/tmp/h10a-vgg19-random.onnx";
        using var network = ModelLoader.Open(path, new ModelLoadOptions { Preprocess = "caffe" });
        var visualizer = new FeatureVisualizer(network);
        var x = FloatTensor.Zeros(1, 3, 224, 224).FillNormal(new Random(1), 30f);
        var sw = new Stopwatch();
        double Forward()
        {
            var t = new List<double>();
            for (int i = 0; i < 7; i++) { sw.Restart(); network.Activations(x, "block3_conv2"); t.Add(sw.Elapsed.TotalMilliseconds); }
            return t.Skip(2).Order().ElementAt(2);
        }
        for (int rep = 0; rep < 2; rep++)
        {
            double f1 = Forward();
            sw.Restart();
            var nb = visualizer.Render(Objective.Channel("block3_conv2", 16), 1, new NotebookRecipe());
            double notebook = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var m = visualizer.Render(Objective.Channel("block3_conv2", 16), 1, new ModernRecipe());
            double modern = sw.Elapsed.TotalSeconds;
            double f2 = Forward();
            output.WriteLine($"rep {rep}: forward {f1:F0}/{f2:F0} ms; notebook 40 steps {notebook:F2} s ({notebook * 1000 / f1:F0}x fwd); modern 64 steps {modern:F2} s ({modern * 1000 / f1:F0}x fwd); load {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        var channels = Enumerable.Range(0, 16).ToArray();
        var recipe = new NotebookRecipe { Steps = 5 };
        sw.Restart();
        visualizer.Render(Objective.Channels("block3_conv2", channels), 16, recipe);
        double batch = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var c in channels) visualizer.Render(Objective.Channel("block3_conv2", c), 1, recipe);
        double singles = sw.Elapsed.TotalSeconds;
        output.WriteLine($"16 channels x 5 notebook steps: batch {batch:F1} s, 16 singles {singles:F1} s, speed-up {singles / batch:F2}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
