using System.Diagnostics;
using System.Reflection;
using ConvLens.Bench.Core;
using ConvLens.Bench.Infrastructure;
using ConvLens.Bench.Torch;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;

namespace ConvLens.Bench.Visualization;

/// <summary>
/// Issue 4's benchmark: the notebook and modern recipes on full-size VGG19 (random weights) for
/// <c>block3_conv2</c> channel 16, each as a multiple of one plain-ONNX-Runtime forward pass of the same
/// truncated model measured in the same run and against the same recipes in PyTorch (same weights), and
/// the speed-up of one batch of 16 channels over 16 single runs.
/// </summary>
public sealed class VisualizationBenchmark : IBenchmark
{
    private const string Layer = "block3_conv2";
    private const int Channel = 16;
    private const int WeightSeed = 2024;

    private static readonly string Configuration =
        typeof(VisualizationBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "visualize";

    /// <inheritdoc />
    public string Summary => "notebook and modern recipes on VGG19 block3_conv2:16 vs a plain-ORT forward and vs PyTorch; batch of 16 vs 16 single runs";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => ["threads", "batch-steps", "batches", "python", "results", "no-torch!", "no-append!", "keep-files!"];

    /// <inheritdoc />
    public string Usage => """
        visualize [--threads N] [--batch-steps S] [--batches 1,4,8,16] [--python PATH] [--no-torch] [--results PATH] [--no-append] [--keep-files]
          --threads N      ONNX Runtime (and PyTorch) intra-op threads (default: all cores)
          --batch-steps S  notebook steps per run when 16 channels are rendered in batches (default 5)
          --batches LIST   the batch sizes those 16 channels are rendered in (default 1,4,8,16; 1 = 16 single runs)
          --python PATH    interpreter with torch for the peer (default /usr/bin/python3, Debian's python3-torch)
          --no-torch       skip the PyTorch peer
          --keep-files     keep the scratch folder (the truncated ONNX model and the peer's inputs)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        int threads = options.Int("threads", Environment.ProcessorCount)!.Value;
        int batchSteps = options.Int("batch-steps", 5)!.Value;
        int[] batches = options.IntList("batches", [1, 4, 8, 16]);
        string python = options.Text("python", TorchPeerRunner.DefaultPython)!;
        var machine = MachineInfo.Detect();
        Console.WriteLine($"{machine.Describe()}; build {Configuration}; load average {MachineInfo.LoadAverage():F2}");
        var scratch = Directory.CreateTempSubdirectory("convlens-bench-visualize-").FullName;
        try
        {
            var bare = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(WeightSeed), includeTop: false);
            using var network = Network.FromModel(PreprocessingPresets.Apply(bare, PreprocessingPresets.Caffe), new EngineOptions { IntraOpThreads = threads });
            using var forward = new ForwardComparison(network, Layer, threads, scratch);
            Console.WriteLine($"forward to {Layer}: plain ONNX Runtime on the truncated file vs ConvLens, 2 warm-up + 9 runs each, now and after the recipes");
            forward.Measure(runs: 9);
            var ours = MeasureRecipes(network, threads, batchSteps, batches);
            Console.WriteLine($"forward to {Layer}, second round");
            forward.Measure(runs: 9);
            var peer = options.Flag("no-torch") ? (null, "skipped (--no-torch)") : RunPeer(python, scratch, bare, network, threads, ours);
            var report = VisualizationReport.Build(forward.Times, ours, peer.Result, peer.Note, Layer, Channel);
            Console.WriteLine(report);
            if (!options.Flag("no-append") && Configuration == "Release")
            {
                var section = $"""
                    ## {DateTime.Now:yyyy-MM-dd HH:mm} — visualize

                    {machine.Describe()}; {threads} threads; load average at end {MachineInfo.LoadAverage():F2}.
                    Command: `dotnet run -c Release --project bench/ConvLens.Bench -- {string.Join(" ", commandLine)}`.
                    VGG19 without top (random weights, seed {WeightSeed}; caffe preset in the graph), {Layer} channel {Channel}, 224×224.

                    {report}
                    """;
                ResultsFile.Append(options.Text("results") ?? Path.Combine(BenchPaths.BenchFolder(), "RESULTS.md"), section);
            }
            return 0;
        }
        finally
        {
            if (options.Flag("keep-files")) Console.WriteLine($"kept {scratch}");
            else Directory.Delete(scratch, recursive: true);
        }
    }

    private static RecipeTimes MeasureRecipes(Network network, int threads, int batchSteps, int[] batches)
    {
        var visualizer = new FeatureVisualizer(network);
        var objective = Objective.Channel(Layer, Channel);
        var notebook = new NotebookRecipe();
        var modern = new ModernRecipe { Threads = threads };
        Console.WriteLine($"recipes: warm-up (1 step each), then the notebook recipe, the modern recipe, 16 channels in batches of {string.Join(", ", batches)}");
        var start = visualizer.Render(objective, 1, notebook with { Steps = 0 }).Images[0];
        var firstStep = visualizer.Render(objective, 1, notebook with { Steps = 1 }).Images[0];
        visualizer.Render(objective, 1, modern with { Steps = 1 });
        var (notebookMs, notebookResult) = Time(() => visualizer.Render(objective, 1, notebook));
        Console.WriteLine($"  notebook recipe, {notebook.Steps} steps: {notebookMs:F0} ms");
        var (modernMs, modernResult) = Time(() => visualizer.Render(objective, 1, modern));
        Console.WriteLine($"  modern recipe, {modern.Steps} steps: {modernMs:F0} ms");

        var sixteen = new ChannelSelection(Layer, Enumerable.Range(0, 16).ToArray());
        var short_ = notebook with { Steps = batchSteps };
        var batchMs = new Dictionary<int, double>();
        foreach (var batch in batches)
        {
            visualizer.RenderChannels(new ChannelSelection(Layer, sixteen.Channels.Take(batch).ToArray()), batch, short_ with { Steps = 1 });
            batchMs[batch] = Time(() => visualizer.RenderChannels(sixteen, batch, short_)).Ms;
            Console.WriteLine($"  16 channels × {batchSteps} steps in batches of {batch}: {batchMs[batch]:F0} ms");
        }
        return new RecipeTimes(notebook, modern, batchSteps, notebookMs, notebookResult.Images[0], modernMs, modernResult.Images[0], batchMs,
            Tensor(start.Preprocessed, start), Tensor(firstStep.Preprocessed, firstStep));
    }

    private static (RecipePeerResult? Result, string Note) RunPeer(string python, string scratch, OnnxModel bare, Network network, int threads, RecipeTimes ours)
    {
        Console.WriteLine("PyTorch peer");
        var (version, problem) = TorchPeerRunner.Probe(python);
        if (version is null)
            return (null, $"skipped: {problem}. Install Debian's PyTorch with `apt-get install -y python3-torch` (or pass --python PATH).");
        using var bareNetwork = Network.FromModel(bare);
        var request = new RecipeTorchPeer.Request(GraphPruner.Prune(bare, [bareNetwork.Layers.Resolve(Layer).Value]),
            PreprocessingPresets.Get(network.Preprocessing), Channel, threads, ours.Notebook, ours.NotebookStart, ours.NotebookFirstStep,
            Tensor(ours.NotebookImage.Preprocessed, ours.NotebookImage), ours.Modern, Enumerable.Range(0, 16).ToArray(), ours.BatchSteps,
            ours.ChannelBatchMs.Keys.ToArray());
        var folder = Path.Combine(scratch, "torch");
        Directory.CreateDirectory(folder);
        try
        {
            var result = RecipeTorchPeer.Run(python, folder, request);
            if (result.NotebookFirstStepDifference > RecipeTorchPeer.FirstStepTolerance)
                return (null, $"{result.Version} MISMATCH, times not reported: its first notebook step differs from ConvLens's by " +
                    $"{result.NotebookFirstStepDifference:0.0e+0} of the step's length (tolerance {RecipeTorchPeer.FirstStepTolerance:0e+0})");
            return (result, $"{result.Version}, {threads} threads, one inter-op thread; peak RSS {result.PeakRssMiB:F0} MiB");
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.Text.Json.JsonException)
        {
            Console.WriteLine($"  failed: {e.Message}");
            return (null, $"PyTorch peer failed: {e.Message}");
        }
    }

    private static FloatTensor Tensor(float[] data, FeatureVisualization image) => new(data, 1, 3, image.Height, image.Width);

    private static (double Ms, T Result) Time<T>(Func<T> action)
    {
        var sw = Stopwatch.StartNew();
        var result = action();
        return (sw.Elapsed.TotalMilliseconds, result);
    }
}
