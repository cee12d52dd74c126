using System.Diagnostics;
using System.Reflection;
using ConvLens.Bench.Core;
using ConvLens.Bench.Infrastructure;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;

namespace ConvLens.Bench.Zoo;

/// <summary>
/// Issue 12's per-architecture table: for each torchvision classifier exported by <c>tests/zoo/export_zoo.py</c>
/// (random weights, Debian's python3-torch), plain ONNX Runtime's forward pass of the file, ConvLens's forward
/// to the logits and ConvLens's forward + input gradient of one logit, interleaved, batch 1.
/// </summary>
public sealed class ZooBenchmark : IBenchmark
{
    private static readonly string Configuration =
        typeof(ZooBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "zoo";

    /// <inheritdoc />
    public string Summary => "gradient/forward cost per torchvision architecture (exported with python3-torch)";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => ["models", "threads", "runs", "results", "no-append!"];

    /// <inheritdoc />
    public string Usage => """
        zoo [--models a,b,...] [--threads N] [--runs R] [--results PATH] [--no-append]
          --models    architectures of tests/zoo/export_zoo.py (default: all of them)
          --threads N ONNX Runtime intra-op threads (default: all cores)
          --runs R    timed rounds per architecture (default 7)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        int threads = options.Int("threads", Environment.ProcessorCount)!.Value;
        int runs = options.Int("runs", 7)!.Value;
        var machine = MachineInfo.Detect();
        Console.WriteLine($"{machine.Describe()}; build {Configuration}; load average {MachineInfo.LoadAverage():F2}");
        var script = Path.Combine(BenchPaths.BenchFolder(), "..", "tests", "zoo", "export_zoo.py");
        var samples = Path.Combine(BenchPaths.BenchFolder(), "..", "samples");
        var scratch = BenchPaths.NewScratchFolder("zoo");
        var models = options.Text("models") is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        Export(script, scratch, samples, models);

        var rows = new List<string>();
        foreach (var folder in Directory.GetDirectories(scratch).Where(d => File.Exists(Path.Combine(d, "model.onnx"))).Order())
        {
            var arch = Path.GetFileName(folder);
            Console.WriteLine($"  {arch}");
            rows.Add(Measure(arch, Path.Combine(folder, "model.onnx"), threads, runs));
        }
        var table = "| architecture | plain ORT forward ms | ConvLens forward ms | ConvLens forward + input gradient ms | ConvLens / plain ORT forward | gradient / forward |\n" +
                    "| --- | ---: | ---: | ---: | ---: | ---: |\n" + string.Join("\n", rows);
        Console.WriteLine(table);
        if (!options.Flag("no-append") && Configuration == "Release")
        {
            var section = $"""
                ## {DateTime.Now:yyyy-MM-dd HH:mm} — zoo

                {machine.Describe()}; {threads} threads; load average at end {MachineInfo.LoadAverage():F2}.
                Command: `dotnet run -c Release --project bench/ConvLens.Bench -- {string.Join(" ", commandLine)}`.
                torchvision classifiers, random weights, batch 1, torch preprocessing; the gradient is of the top logit
                with respect to the pixels. Medians of {runs} interleaved rounds.

                {table}
                """;
            ResultsFile.Append(options.Text("results") ?? Path.Combine(BenchPaths.BenchFolder(), "RESULTS.md"), section);
        }
        return 0;
    }

    private static string Measure(string arch, string path, int threads, int runs)
    {
        using var network = ModelLoader.Open(path, new ModelLoadOptions { Preprocess = PreprocessingPresets.Torch, Engine = new EngineOptions { IntraOpThreads = threads } });
        var (_, height, width) = network.InputSize;
        var random = new Random(3);
        var pixels = new FloatTensor(Enumerable.Range(0, 3 * height * width).Select(_ => (float)(random.NextDouble() * 255)).ToArray(), 1, 3, height, width);
        var normalised = PreprocessingPresets.Get(PreprocessingPresets.Torch).ToPreprocessed(pixels);

        using var plainSession = PlainOrtForward.CreateSession(path, threads);
        using var plain = new PlainOrtForward(plainSession, normalised);
        var forward = new ConvLensForward("ConvLens forward", network.Forward(["logits"]), network.Input.Name, pixels);
        var session = network.Gradient(GradientRequest.ForLayer("logits"));
        var seed = FloatTensor.Zeros(1, plain.Output.Shape[1]);
        seed.Data[0] = 1;
        var gradient = new ConvLensGradient(session, "logits", pixels, seed);
        var times = InterleavedTimer.Measure([plain, forward, gradient], warmup: 2, runs, pauseMs: 50);
        double p = times[0].Median, f = times[1].Median, g = times[2].Median;
        return $"| {arch} | {p:F1} | {f:F1} | {g:F1} | {f / p:F2} | {g / f:F2} |";
    }

    private static void Export(string script, string folder, string samples, string[]? models)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { script, "--out", folder, "--samples", samples } };
        if (models is not null) { start.ArgumentList.Add("--models"); start.ArgumentList.Add(string.Join(",", models)); }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3 (apt-get install python3-torch python3-torchvision)");
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"export_zoo.py exited {process.ExitCode}");
    }
}
