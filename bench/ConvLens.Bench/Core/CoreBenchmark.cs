using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using ConvLens.Bench.Infrastructure;
using ConvLens.Bench.Torch;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Core;

/// <summary>
/// The <c>core</c> benchmark on full-size VGG19 (224×224, random He weights): ConvLens's forward pass
/// against plain ONNX Runtime on the same file, the cost of an input gradient to <c>block3_conv2</c>
/// relative to the forward pass, and the same gradient in PyTorch. Everything runs in one process so the
/// ratios are measured side by side (see bench/README.md).
/// </summary>
public sealed class CoreBenchmark : IBenchmark
{
    /// <summary>The layer whose input gradient is measured (a mid-network layer, as feature visualisation uses).</summary>
    public const string GradientLayer = "block3_conv2";

    private const int ImageSize = 224;

    /// <summary>The build configuration (Debug numbers are not worth recording).</summary>
    private static readonly string Configuration =
        typeof(CoreBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "core";

    /// <inheritdoc />
    public string Summary => $"VGG19: ConvLens vs plain ONNX Runtime forward; gradient/forward to {GradientLayer}; PyTorch peer";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => CoreSettings.OptionNames;

    /// <inheritdoc />
    public string Usage => """
        usage: dotnet run -c Release --project bench/ConvLens.Bench -- core [options]
          --threads 1,2      intra-op thread counts (default 1,2)
          --batches 1,16     batch sizes (default 1,16)
          --runs N           timed runs per case (default 15 at batch 1; 4 at batch 16 on 1 thread, 6 on more)
          --warmup N         untimed runs per case first (default 2)
          --seed N           seed of weights, inputs and dA (default 2024)
          --pause-ms N       sleep before each timed run so idle ORT threads stop spinning (default 50)
          --python PATH      interpreter with torch (default /usr/bin/python3, Debian's python3-torch)
          --results PATH     results file (default bench/RESULTS.md)
          --no-torch         skip the PyTorch peer
          --no-append        do not append to the results file
          --keep-files       keep the scratch folder (ONNX file, peer files)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        CoreSettings settings;
        try { settings = CoreSettings.From(options); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{Name}: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 1;
        }
        var machine = MachineInfo.Detect();
        var started = DateTime.Now;
        var load = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();
        Console.WriteLine($"ConvLens core benchmark — {started:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"machine: {machine.Describe()}");
        Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}; build {Configuration}; load average {load?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a"}");
        if (Configuration == "Debug") Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth recording.");

        var scratch = BenchPaths.NewScratchFolder(Name);
        try
        {
            var modelPath = WriteModel(scratch, settings.Seed);
            var run = new CoreRun(settings, modelPath);
            foreach (var threads in settings.Threads)
            {
                run.MeasureThreads(threads);
                // Release this thread count's network before the next loads, so the peaks do not add up.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }

            var (torch, torchNote) = settings.Torch ? RunTorchPeer(settings, run, scratch) : (null, "skipped (--no-torch)");

            var report = BuildReport(settings, machine, run, torch, torchNote, started, load, total.Elapsed, commandLine);
            Console.WriteLine();
            Console.WriteLine(report.Console);
            if (settings.Append && Configuration == "Release")
            {
                var path = settings.ResultsPath ?? Path.Combine(BenchPaths.BenchFolder(), "RESULTS.md");
                ResultsFile.Append(path, report.Markdown);
                Console.WriteLine($"appended to {path}");
            }
            else if (settings.Append) Console.WriteLine("not appended to RESULTS.md: Debug build");
            return 0;
        }
        finally
        {
            if (settings.KeepFiles) Console.WriteLine($"kept {scratch}");
            else Directory.Delete(scratch, recursive: true);
        }
    }

    private static string WriteModel(string folder, int seed)
    {
        var clock = Stopwatch.StartNew();
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(seed), imageSize: ImageSize);
        var path = Path.Combine(folder, "vgg19.onnx");
        OnnxModelWriter.WriteFile(model, path);
        Console.WriteLine($"built VGG19 (seed {seed}) and wrote {path} ({new FileInfo(path).Length / 1048576.0:F0} MiB) in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"peak working set {MachineInfo.PeakWorkingSetMiB():F0} MiB");
        return path;
    }

    /// <returns>The peer's result when it ran, and a note for the report either way.</returns>
    private static (TorchPeerResult? Result, string Note) RunTorchPeer(CoreSettings settings, CoreRun run, string scratch)
    {
        Console.WriteLine();
        Console.WriteLine("PyTorch peer");
        var (version, problem) = TorchPeerRunner.Probe(settings.Python);
        if (version is null)
        {
            var message = $"skipped: {problem}. Install Debian's PyTorch with `apt-get install -y python3-torch` (or pass --python PATH).";
            Console.WriteLine($"  {message}");
            return (null, message);
        }
        if (run.Check is not { } check) return (null, "skipped: no ConvLens reference activation was computed");
        var folder = Path.Combine(scratch, "torch");
        Directory.CreateDirectory(folder);
        var plans = run.Rows.Select(r => (r.Threads, r.Batch, r.Runs));
        TorchPeerExport.Write(folder, run.Model, GradientLayer, run.GradientLayerValue, check.Input, check.Seed, check.Activation, check.Gradient,
            plans, settings.Warmup, settings.Seed);
        var script = Path.Combine(BenchPaths.BenchFolder(), "torch_peer.py");
        Console.WriteLine($"  {settings.Python} {script} (PyTorch {version})");
        TorchPeerResult result;
        try
        {
            result = TorchPeerResult.Parse(TorchPeerRunner.Run(settings.Python, script, folder));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
        {
            Console.WriteLine($"  failed: {e.Message}");
            return (null, $"PyTorch peer failed: {e.Message}");
        }
        if (!result.CheckPassed)
        {
            Console.WriteLine($"  MISMATCH, PyTorch times not reported: {result.CheckSummary}");
            return (result, $"{result.Version}: MISMATCH with ConvLens — {result.CheckSummary}");
        }
        foreach (var row in run.Rows)
        {
            if (!result.Timings.TryGetValue((row.Threads, row.Batch), out var t)) continue;
            (row.TorchForwardMs, row.TorchGradientMs, row.TorchRuns) = (t.ForwardMs, t.GradientMs, t.Runs);
        }
        return (result, $"{result.Version}; computes what ConvLens computes: {result.CheckSummary}; peak RSS of the PyTorch process {result.PeakRssMiB:F0} MiB");
    }

    private static (string Console, string Markdown) BuildReport(CoreSettings settings, MachineInfo machine, CoreRun run, TorchPeerResult? torch,
        string torchNote, DateTime started, double? loadStart, TimeSpan elapsed, IReadOnlyList<string> commandLine)
    {
        var forward = CoreReport.ForwardTable(run.Rows);
        var gradient = CoreReport.GradientTable(run.Rows, GradientLayer);
        var peer = torch is { CheckPassed: true } ? CoreReport.TorchTable(run.Rows) : null;
        var loadEnd = MachineInfo.LoadAverage();
        string Load(double? l) => l?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a";
        var command = "dotnet run -c Release --project bench/ConvLens.Bench -- " + string.Join(" ", commandLine);
        var notes = new List<string>
        {
            $"Machine: {machine.Describe()}",
            $"ONNX Runtime {OrtEnv.Instance().GetVersionString()}; {torchNote}",
            $"Command: `{command}` ({Configuration} build)",
            $"Settings: VGG19 {ImageSize}×{ImageSize}, random He weights and inputs (seed {settings.Seed}); {settings.Warmup} warm-up runs, then the median of the runs shown (± half the interquartile range); cases compared are interleaved A B A B with {settings.PauseMs} ms pauses",
            $"Load average (1 min) at start {Load(loadStart)}, at end {Load(loadEnd)}; wall time {elapsed.TotalMinutes:F1} min",
            $"Peak working set of the bench process: {MachineInfo.PeakWorkingSetMiB():F0} MiB (plain and ConvLens sessions alive together; per thread count: {string.Join(", ", run.PeakMemoryByThreads.Select(p => $"{p.Key} → {p.Value:F0} MiB"))})",
            $"Session creation: {string.Join("; ", run.SessionTimes)}",
        };
        if (run.GradientProblem is { } problem) notes.Add($"Gradient unavailable: {problem}");

        var console = new StringBuilder();
        foreach (var n in notes) console.AppendLine(n);
        console.AppendLine().AppendLine("Full VGG19 forward: ConvLens vs plain ONNX Runtime (ms per batch)").AppendLine(forward.ToConsole());
        console.AppendLine().AppendLine($"Input gradient to {GradientLayer}: ConvLens gradient vs forward (ms per batch)").AppendLine(gradient.ToConsole());
        if (peer is not null) console.AppendLine().AppendLine($"PyTorch peer to {GradientLayer} (ms per batch; ratios < 1: ConvLens faster)").AppendLine(peer.ToConsole());

        var md = new StringBuilder();
        md.AppendLine($"## {started:yyyy-MM-dd HH:mm} — core").AppendLine();
        foreach (var n in notes) md.AppendLine($"- {n}");
        md.AppendLine().AppendLine("Full VGG19 forward, ConvLens vs plain ONNX Runtime (ms per batch):").AppendLine().AppendLine(forward.ToMarkdown());
        md.AppendLine().AppendLine($"Input gradient to `{GradientLayer}`, ConvLens (ms per batch):").AppendLine().AppendLine(gradient.ToMarkdown());
        if (peer is not null) md.AppendLine().AppendLine($"PyTorch peer to `{GradientLayer}` (ms per batch; ConvLens/PyTorch < 1 means ConvLens is faster):").AppendLine().AppendLine(peer.ToMarkdown());
        return (console.ToString(), md.ToString());
    }
}
