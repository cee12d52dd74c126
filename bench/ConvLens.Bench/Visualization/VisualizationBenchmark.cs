using System.Diagnostics;
using System.Reflection;
using ConvLens.Bench.Infrastructure;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Bench.Visualization;

/// <summary>
/// Issue 4's benchmark (ConvLens side): the notebook and modern recipes on full-size VGG19 (random weights)
/// for <c>block3_conv2</c> channel 16, each as a multiple of one forward pass of the truncated model measured
/// in the same run, and the speed-up of one batch of 16 channels over 16 single runs.
/// </summary>
public sealed class VisualizationBenchmark : IBenchmark
{
    private const string Layer = "block3_conv2";

    private static readonly string Configuration =
        typeof(VisualizationBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "visualize";

    /// <inheritdoc />
    public string Summary => "notebook and modern recipes on VGG19 block3_conv2:16 as multiples of a forward; batch of 16 vs 16 single runs";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => ["threads", "batch-steps", "results", "no-append!"];

    /// <inheritdoc />
    public string Usage => """
        visualize [--threads N] [--batch-steps S] [--results PATH] [--no-append]
          --threads N      ONNX Runtime intra-op threads (default: all cores)
          --batch-steps S  notebook steps per run in the batch-of-16 comparison (default 5)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        int threads = options.Int("threads", Environment.ProcessorCount)!.Value;
        int batchSteps = options.Int("batch-steps", 5)!.Value;
        var machine = MachineInfo.Detect();
        Console.WriteLine($"{machine.Describe()}; build {Configuration}; load average {MachineInfo.LoadAverage():F2}");

        var model = PreprocessingPresets.Apply(VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(2024), includeTop: false), PreprocessingPresets.Caffe);
        using var network = Network.FromModel(model, new EngineOptions { IntraOpThreads = threads });
        var visualizer = new FeatureVisualizer(network);

        var forward = network.Forward([Layer]);
        var random = new Random(3);
        var feeds = new Dictionary<string, FloatTensor>
        {
            [network.Input.Name] = new(Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)(random.NextDouble() * 20 + 128)).ToArray(), 1, 3, 224, 224),
        };
        var outputs = forward.OutputNames.ToDictionary(o => o, o => FloatTensor.Zeros(forward.OutputShape(o, feeds)!));
        forward.RunInto(feeds, outputs);
        double forwardMs = Enumerable.Range(0, 7).Select(_ => Time(() => forward.RunInto(feeds, outputs))).Order().ElementAt(3);

        var notebook = new NotebookRecipe();
        var modern = new ModernRecipe { Threads = threads };
        visualizer.Render(Objective.Channel(Layer, 16), 1, notebook with { Steps = 1 });   // compile and warm the sessions
        visualizer.Render(Objective.Channel(Layer, 16), 1, modern with { Steps = 1 });
        double notebookMs = Time(() => visualizer.Render(Objective.Channel(Layer, 16), 1, notebook));
        double modernMs = Time(() => visualizer.Render(Objective.Channel(Layer, 16), 1, modern));

        var sixteen = new ChannelSelection(Layer, Enumerable.Range(0, 16).ToArray());
        var short_ = notebook with { Steps = batchSteps };
        visualizer.RenderChannels(sixteen, 16, short_ with { Steps = 1 });
        double batchedMs = Time(() => visualizer.RenderChannels(sixteen, 16, short_));
        double singleMs = Time(() => visualizer.RenderChannels(sixteen, 1, short_));

        var table = $"""
            | what | ms | × one forward to {Layer} |
            | --- | ---: | ---: |
            | forward to {Layer} (batch 1, median of 7) | {forwardMs:F0} | 1.0 |
            | notebook recipe, {notebook.Steps} steps | {notebookMs:F0} | {notebookMs / forwardMs:F1} |
            | modern recipe, {modern.Steps} steps (Fourier, decorrelated, transforms, Adam) | {modernMs:F0} | {modernMs / forwardMs:F1} |
            | 16 channels, {batchSteps} notebook steps: one batch of 16 | {batchedMs:F0} | speed-up over 16 single runs: {singleMs / batchedMs:F2}× |
            | 16 channels, {batchSteps} notebook steps: 16 single runs | {singleMs:F0} | |
            """;
        Console.WriteLine(table);
        if (!options.Flag("no-append") && Configuration == "Release")
        {
            var section = $"""
                ## {DateTime.Now:yyyy-MM-dd HH:mm} — visualize

                {machine.Describe()}; {threads} threads; load average at end {MachineInfo.LoadAverage():F2}.
                Command: `dotnet run -c Release --project bench/ConvLens.Bench -- {string.Join(" ", commandLine)}`.
                VGG19 without top (random weights, caffe preset in the graph), {Layer} channel 16, 224×224. The PyTorch
                peer of the recipes is not measured yet.

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
}
