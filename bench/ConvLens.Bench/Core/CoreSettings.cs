using ConvLens.Bench.Torch;
namespace ConvLens.Bench.Core;

/// <summary>The knobs of the <c>core</c> benchmark; the defaults are the configuration RESULTS.md records.</summary>
public sealed record CoreSettings
{
    /// <summary>Intra-op thread counts measured.</summary>
    public int[] Threads { get; init; } = [1, 2];

    /// <summary>Batch sizes measured.</summary>
    public int[] Batches { get; init; } = [1, 16];

    /// <summary>Timed runs per case when given; otherwise <see cref="RunsFor"/> picks them.</summary>
    public int? Runs { get; init; }

    /// <summary>Untimed runs per case first (the first runs plan memory and pack weights).</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Seed of the weights, inputs and seeds dA.</summary>
    public int Seed { get; init; } = 2024;

    /// <summary>Sleep before each timed run so the spinning threads of the previous session go idle.</summary>
    public int PauseMs { get; init; } = 50;

    /// <summary>Whether to run the PyTorch peer.</summary>
    public bool Torch { get; init; } = true;

    /// <summary>The Python interpreter that has torch.</summary>
    public string Python { get; init; } = TorchPeerRunner.DefaultPython;

    /// <summary>Whether to append the results to RESULTS.md.</summary>
    public bool Append { get; init; } = true;

    /// <summary>Whether to keep the scratch folder (the ONNX file, the peer's files).</summary>
    public bool KeepFiles { get; init; }

    /// <summary>The results file; <c>bench/RESULTS.md</c> when null.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>
    /// Timed runs for one configuration: 15 at batch 1 (tenths of a second each), fewer at batch 16
    /// (seconds each; 1 thread slowest), so the default bench stays near 15 minutes on 2 cores.
    /// </summary>
    public int RunsFor(int threads, int batch) => Runs ?? (batch < 8 ? 15 : threads == 1 ? 4 : 6);

    /// <summary>The option names <see cref="From"/> reads ('!' marks flags).</summary>
    public static readonly string[] OptionNames =
        ["threads", "batches", "runs", "warmup", "seed", "pause-ms", "python", "results", "no-torch!", "no-append!", "keep-files!"];

    /// <summary>Reads the options.</summary>
    public static CoreSettings From(BenchOptions o)
    {
        var defaults = new CoreSettings();
        return new CoreSettings
        {
            Threads = o.IntList("threads", defaults.Threads),
            Batches = o.IntList("batches", defaults.Batches),
            Runs = o.Int("runs"),
            Warmup = o.Int("warmup", defaults.Warmup, minimum: 0)!.Value,
            Seed = o.Int("seed", defaults.Seed, minimum: 0)!.Value,
            PauseMs = o.Int("pause-ms", defaults.PauseMs, minimum: 0)!.Value,
            Python = o.Text("python", defaults.Python)!,
            ResultsPath = o.Text("results"),
            Torch = !o.Flag("no-torch"),
            Append = !o.Flag("no-append"),
            KeepFiles = o.Flag("keep-files"),
        };
    }
}
