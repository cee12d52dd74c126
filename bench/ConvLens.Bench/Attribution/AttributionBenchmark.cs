using System.Diagnostics;
using System.Reflection;
using ConvLens.Attribution;
using ConvLens.Attribution.Targets;
using ConvLens.Bench.Infrastructure;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;

namespace ConvLens.Bench.Attribution;

/// <summary>
/// Issue 5's benchmark: Grad-CAM and Integrated Gradients (64 steps) per image on full-size VGG19 with
/// random weights, each as a multiple of one forward pass to the logits measured in the same run.
/// </summary>
public sealed class AttributionBenchmark : IBenchmark
{
    private static readonly string Configuration =
        typeof(AttributionBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "attribution";

    /// <inheritdoc />
    public string Summary => "Grad-CAM and Integrated Gradients (64 steps) per image on VGG19, as multiples of one forward pass";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => ["threads", "runs", "ig-batch", "results", "no-append!"];

    /// <inheritdoc />
    public string Usage => """
        attribution [--threads N] [--runs R] [--ig-batch B] [--results PATH] [--no-append]
          --threads N    ONNX Runtime intra-op threads (default: all cores)
          --runs R       timed runs of the forward pass and Grad-CAM (default 5; IG runs twice)
          --ig-batch B   Integrated Gradients internal batch size (default 16)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        int threads = options.Int("threads", Environment.ProcessorCount)!.Value;
        int runs = options.Int("runs", 5)!.Value;
        int igBatch = options.Int("ig-batch", 16)!.Value;
        var machine = MachineInfo.Detect();
        Console.WriteLine($"{machine.Describe()}; build {Configuration}; load average {MachineInfo.LoadAverage():F2}");

        var model = PreprocessingPresets.Apply(VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(2024)), PreprocessingPresets.Caffe);
        using var network = Network.FromModel(model, new EngineOptions { IntraOpThreads = threads });
        var random = new Random(7);
        var image = new FloatTensor(Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(random.NextDouble() * 255)).ToArray(), 1, 3, 224, 224);
        var target = ClassTarget.For(network, 281);

        var forward = network.Forward([target.Layer]);
        var feeds = new Dictionary<string, FloatTensor> { [network.Input.Name] = image };
        var outputs = forward.OutputNames.ToDictionary(o => o, o => FloatTensor.Zeros(forward.OutputShape(o, feeds)!));
        var gradCam = AttributionMethods.Create("gradcam");
        var ig = AttributionMethods.Create("ig", new AttributionOptions { Steps = 64, BatchSize = igBatch });

        // Warm up every session once, then interleave forward and Grad-CAM runs so drift hits both alike.
        forward.RunInto(feeds, outputs);
        gradCam.Explain(network, image, target);
        ig.Explain(network, image, target);
        var forwardMs = new List<double>();
        var gradCamMs = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            forwardMs.Add(Time(() => forward.RunInto(feeds, outputs)));
            gradCamMs.Add(Time(() => gradCam.Explain(network, image, target)));
        }
        var igMs = new List<double>();
        for (int i = 0; i < 2; i++)
        {
            igMs.Add(Time(() => ig.Explain(network, image, target)));
            forwardMs.Add(Time(() => forward.RunInto(feeds, outputs)));
        }
        double f = Median(forwardMs), g = Median(gradCamMs), n = Median(igMs);
        var table = $"""
            | method | ms per image | × forward |
            | --- | ---: | ---: |
            | forward to logits | {f:F0} | 1.00 |
            | Grad-CAM (block5_conv4) | {g:F0} | {g / f:F2} |
            | Integrated Gradients, 64 steps, batch {igBatch} | {n:F0} | {n / f:F1} |
            """;
        Console.WriteLine(table);
        if (!options.Flag("no-append") && Configuration == "Release")
        {
            var section = $"""
                ## {DateTime.Now:yyyy-MM-dd HH:mm} — attribution

                {machine.Describe()}; {threads} threads; load average at end {MachineInfo.LoadAverage():F2}.
                Command: `dotnet run -c Release --project bench/ConvLens.Bench -- {string.Join(" ", commandLine)}`.
                VGG19 (random weights, caffe preset in the graph), one 224×224 image, target class 281.

                {table}
                """;
            ResultsFile.Append(options.Text("results") ?? Path.Combine(BenchPaths.BenchFolder(), "RESULTS.md"), section);
        }
        return 0;
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
