namespace ConvLens.Bench.Dataset;

/// <summary>The knobs of the <c>dataset</c> benchmark; the defaults are the configuration.</summary>
public sealed record DatasetBenchSettings
{
    /// <summary>Generated JPEGs (500×375).</summary>
    public int Images { get; init; } = 1000;

    /// <summary>Images per forward pass on the ConvLens side.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Decoding threads on the ConvLens side.</summary>
    public int DecodeThreads { get; init; } = ConvLens.Dataset.DatasetOptions.DefaultDecodeThreads;

    /// <summary>ONNX Runtime intra-op threads, both sides.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The channel ranked (the reference notebook's).</summary>
    public int Channel { get; init; } = 16;

    /// <summary>Timed passes per side (each pass alternates plain and ConvLens slice by slice).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Seed of the weights and the generated images.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Whether to append the results to RESULTS.md.</summary>
    public bool Append { get; init; } = true;

    /// <summary>Whether to keep the scratch folder.</summary>
    public bool KeepFiles { get; init; }

    /// <summary>The results file; <c>bench/RESULTS.md</c> when null.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>The option names <see cref="From"/> reads ('!' marks flags).</summary>
    public static readonly string[] OptionNames =
        ["images", "batch", "decode-threads", "threads", "channel", "rounds", "seed", "results", "no-append!", "keep-files!"];

    /// <summary>Reads the options.</summary>
    public static DatasetBenchSettings From(BenchOptions o)
    {
        var d = new DatasetBenchSettings();
        return new DatasetBenchSettings
        {
            Images = o.Int("images", d.Images)!.Value,
            Batch = o.Int("batch", d.Batch)!.Value,
            DecodeThreads = o.Int("decode-threads", d.DecodeThreads)!.Value,
            Threads = o.Int("threads", d.Threads)!.Value,
            Channel = o.Int("channel", d.Channel, minimum: 0)!.Value,
            Rounds = o.Int("rounds", d.Rounds)!.Value,
            Seed = o.Int("seed", d.Seed, minimum: 0)!.Value,
            ResultsPath = o.Text("results"),
            Append = !o.Flag("no-append"),
            KeepFiles = o.Flag("keep-files"),
        };
    }
}
