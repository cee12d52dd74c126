using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using ConvLens.Bench.Infrastructure;
using ConvLens.Dataset;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Dataset;

/// <summary>
/// The <c>dataset</c> benchmark: images per second from decoding to ranking for a folder of generated
/// 500×375 JPEGs through full-size random VGG19 (caffe preprocessing) to <c>block3_conv2</c>: ConvLens's
/// dataset pass (decoding on several threads while the engine runs batches, every channel's statistics
/// written to the activation index) against the same work calling ONNX Runtime one image after another;
/// then the time to answer another channel from the index, and the process's memory over the pass.
/// </summary>
public sealed class DatasetBenchmark : IBenchmark
{
    /// <summary>The layer ranked, as in the reference notebook.</summary>
    public const string Layer = "block3_conv2";

    private const int PhotoWidth = 500, PhotoHeight = 375;

    private static readonly string Configuration =
        typeof(DatasetBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";

    /// <inheritdoc />
    public string Name => "dataset";

    /// <inheritdoc />
    public string Summary => $"top-images pipeline: images/s decode→ranking, VGG19 to {Layer}, ConvLens vs plain ORT one by one; cached re-query; memory";

    /// <inheritdoc />
    public IReadOnlyList<string> Options => DatasetBenchSettings.OptionNames;

    /// <inheritdoc />
    public string Usage => """
        usage: dotnet run -c Release --project bench/ConvLens.Bench -- dataset [options]
          --images N          generated 500×375 JPEGs (default 1000)
          --batch N           ConvLens images per forward pass (default 8)
          --decode-threads N  ConvLens decoding threads (default: half the cores)
          --threads N         ONNX Runtime intra-op threads, both sides (default: all cores)
          --channel N         channel ranked (default 16)
          --rounds N          timed passes per side (default 1)
          --seed N            seed of weights and images (default 1)
          --results PATH      results file (default bench/RESULTS.md)
          --no-append         do not append to the results file
          --keep-files        keep the scratch folder (images, model, index)
        """;

    /// <inheritdoc />
    public int Run(BenchOptions options, IReadOnlyList<string> commandLine)
    {
        var s = DatasetBenchSettings.From(options);
        var machine = MachineInfo.Detect();
        var started = DateTime.Now;
        var loadStart = MachineInfo.LoadAverage();
        var total = Stopwatch.StartNew();
        Console.WriteLine($"ConvLens dataset benchmark — {started:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"machine: {machine.Describe()}");
        Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}; build {Configuration}; load average {Format(loadStart)}");
        if (Configuration == "Debug") Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth recording.");

        var scratch = BenchPaths.NewScratchFolder(Name);
        try
        {
            var images = Path.Combine(scratch, "images");
            var clock = Stopwatch.StartNew();
            long bytes = SyntheticPhotos.Write(images, s.Images, PhotoWidth, PhotoHeight, s.Seed);
            Console.WriteLine($"wrote {s.Images} JPEGs ({bytes / 1048576.0:F0} MiB) in {clock.Elapsed.TotalSeconds:F1} s");
            var warmFolder = Path.Combine(scratch, "warmup");
            SyntheticPhotos.Write(warmFolder, Math.Max(2, s.Batch), PhotoWidth, PhotoHeight, s.Seed + 1);

            clock.Restart();
            var modelPath = Path.Combine(scratch, "vgg19.onnx");
            OnnxModelWriter.WriteFile(VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(s.Seed)), modelPath);
            Console.WriteLine($"built full VGG19 (random He weights, seed {s.Seed}) and wrote it ({new FileInfo(modelPath).Length / 1048576.0:F0} MiB) in {clock.Elapsed.TotalSeconds:F1} s");
            // Read every image once so both sides find them in the page cache.
            foreach (var f in Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories)) File.ReadAllBytes(f);

            clock.Restart();
            using var network = ModelLoader.Open(modelPath, new ModelLoadOptions
            {
                Preprocess = "caffe",
                Engine = new EngineOptions { IntraOpThreads = s.Threads, AllowSpinning = false },
            });
            var openSeconds = clock.Elapsed.TotalSeconds;
            var datasetOptions = new DatasetOptions { BatchSize = s.Batch, DecodeThreads = s.DecodeThreads, PredictClasses = false };
            // The plain side runs the very graph ConvLens runs: preprocessing and the layers up to the ranked one.
            var graph = network.Forward([Layer]);
            var prunedPath = Path.Combine(scratch, $"vgg19-to-{Layer}.onnx");
            OnnxModelWriter.WriteFile(graph.Model, prunedPath);
            var layer = network.Layers.Resolve(Layer);
            var (channels, mapH, mapW) = ((int)layer.Shape![1].Value, (int)layer.Shape[2].Value, (int)layer.Shape[3].Value);
            using var plain = new PlainOrtDatasetLoop(prunedPath, s.Threads, 224, 224, channels, mapH, mapW);
            Console.WriteLine($"opened the model with caffe preprocessing in {openSeconds:F1} s; working set {MachineInfo.WorkingSetMiB():F0} MiB");

            // Warm-up: first runs plan memory and pack weights.
            plain.Rank(warmFolder, s.Channel);
            new DatasetExamples(network, Layer, warmFolder, datasetOptions).Rank(s.Channel);

            // The dataset is timed in slices (shards of the same folder) alternating plain, ConvLens, plain, …:
            // another process loading the machine for a minute then slows both sides alike, not one.
            int slices = Math.Clamp(s.Images / 100, 1, 20);
            var plainTimes = new double[s.Rounds];
            var convLensTimes = new double[s.Rounds];
            var plainRanking = new List<(string Path, ChannelStatistics Statistics)>();
            string indexPath = "";
            var memory = new List<(int Done, double MiB, double LiveMiB)>();
            var sliceRatios = new List<double>();
            for (int round = 0; round < s.Rounds; round++)
            {
                Console.WriteLine($"round {round + 1}/{s.Rounds}: {slices} slices, each timed plain then ConvLens");
                indexPath = Path.Combine(scratch, $"index-{round}.db");
                plainRanking.Clear();
                memory.Clear();
                int done = 0;
                for (int slice = 0; slice < slices; slice++)
                {
                    var shard = new DatasetShard(slice, slices);
                    clock.Restart();
                    plainRanking.AddRange(plain.Rank(images, s.Channel, shard));
                    double plainSeconds = clock.Elapsed.TotalSeconds;
                    plainTimes[round] += plainSeconds;

                    // Every slice writes into the one index, which ends up covering the whole folder.
                    var examples = new DatasetExamples(network, Layer, images, datasetOptions with { IndexPath = indexPath, Shard = shard });
                    clock.Restart();
                    var sliceRanking = examples.Rank(s.Channel);
                    double convLensSeconds = clock.Elapsed.TotalSeconds;
                    convLensTimes[round] += convLensSeconds;
                    sliceRatios.Add(plainSeconds / convLensSeconds);

                    // Outside the timing: the working set holds garbage the GC has not yet reclaimed (each image leaves
                    // ~2 MB of large decode buffers); the live managed heap after a full collection is what is retained.
                    done += sliceRanking.Images.Count;
                    memory.Add((done, MachineInfo.WorkingSetMiB(), GC.GetTotalMemory(forceFullCollection: true) / 1048576.0));
                    Console.WriteLine($"  slice {slice + 1}/{slices} ({sliceRanking.Images.Count} images): plain {sliceRanking.Images.Count / plainSeconds:F2} images/s, " +
                        $"ConvLens {sliceRanking.Images.Count / convLensSeconds:F2} images/s; working set {memory[^1].MiB:F0} MiB, live managed heap {memory[^1].LiveMiB:F0} MiB");
                }
                Console.WriteLine($"  round {round + 1}: plain {s.Images / plainTimes[round]:F2} images/s, ConvLens {s.Images / convLensTimes[round]:F2} images/s");
            }
            plainRanking.Sort((a, b) =>
            {
                int byScore = b.Statistics.L2.CompareTo(a.Statistics.L2);
                return byScore != 0 ? byScore : string.CompareOrdinal(a.Path, b.Path);
            });

            // The ranked channel and others of the same layer, over the whole folder, in a new network as a new
            // process would have: answered by the index alone.
            var requery = new List<double>();
            int sessionsCompiled;
            DatasetRanking ranking;
            using (var fresh = ModelLoader.Open(modelPath, new ModelLoadOptions { Preprocess = "caffe" }))
            {
                var cachedExamples = new DatasetExamples(fresh, Layer, images, datasetOptions with { IndexPath = indexPath });
                ranking = cachedExamples.Rank(s.Channel);
                for (int i = 0; i < 5; i++)
                {
                    clock.Restart();
                    var again = cachedExamples.Rank(s.Channel + 1 + i);
                    requery.Add(clock.Elapsed.TotalMilliseconds);
                    if (again.Update.Computed != 0 || ranking.Update.Computed != 0) throw new InvalidOperationException("the cached re-query ran the model");
                }
                sessionsCompiled = fresh.SessionsCompiled;
            }

            var check = Compare(plainRanking, ranking);
            double plainRate = s.Images / Median(plainTimes), convLensRate = s.Images / Median(convLensTimes);
            var table = new TextTable("pipeline", "images/s", "s per pass", "passes", "ConvLens/plain");
            table.Add("plain ORT, one by one", plainRate.ToString("F2", CultureInfo.InvariantCulture), Median(plainTimes).ToString("F1", CultureInfo.InvariantCulture), plainTimes.Length.ToString(), "");
            table.Add($"ConvLens (batch {s.Batch}, {s.DecodeThreads} decoders)", convLensRate.ToString("F2", CultureInfo.InvariantCulture),
                Median(convLensTimes).ToString("F1", CultureInfo.InvariantCulture), convLensTimes.Length.ToString(), (convLensRate / plainRate).ToString("F2", CultureInfo.InvariantCulture));
            var notes = new List<string>
            {
                $"Machine: {machine.Describe()}",
                $"ONNX Runtime {OrtEnv.Instance().GetVersionString()}; Command: `dotnet run -c Release --project bench/ConvLens.Bench -- {string.Join(" ", commandLine)}` ({Configuration} build)",
                $"Data: {s.Images} generated {PhotoWidth}×{PhotoHeight} JPEGs (quality 90, every 50th grayscale), read once beforehand so both sides find them in the page cache",
                $"Model: full VGG19 (random He weights, seed {s.Seed}, with its classifier) + caffe preprocessing, run to `{Layer}`; ranked by channel {s.Channel}'s L2 norm; {s.Threads} intra-op threads both sides",
                $"ConvLens: `DatasetExamples.Rank` on an empty index (scan, {s.DecodeThreads} decoding threads, batches of {s.Batch}, statistics of all {channels} channels written to SQLite per batch, ranking), no spinning ORT threads; plain: the same graph in a default `InferenceSession`, scan, decode, run, statistics, rank, one image after another",
                $"Timing: the folder in {slices} slices (shards i/{slices}), each timed plain then ConvLens, summed; a pass = all slices (ConvLens's slices fill one index)",
                $"ConvLens/plain per slice (load from other processes moves single slices): median {Median(sliceRatios):F2}, range {sliceRatios.Min():F2}–{sliceRatios.Max():F2} ({string.Join(", ", sliceRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})",
                $"Rankings agree: {check}",
                $"Cached re-query (another channel over all {s.Images} images, new network, no forward pass: {sessionsCompiled} sessions compiled): median {Median(requery):F0} ms (runs {string.Join(", ", requery.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} ms)",
                $"Memory after each ConvLens slice (images indexed → working set / live managed heap after a full GC, MiB): {string.Join(", ", memory.Select(m => $"{m.Done}→{m.MiB:F0}/{m.LiveMiB:F0}"))}; peak working set of the whole bench process {MachineInfo.PeakWorkingSetMiB():F0} MiB (building VGG19 and both sides' sessions; the network keeps the 548 MiB model in memory)",
                $"Load average (1 min) at start {Format(loadStart)}, at end {Format(MachineInfo.LoadAverage())}; wall time {total.Elapsed.TotalMinutes:F1} min",
            };
            var console = new StringBuilder();
            foreach (var n in notes) console.AppendLine(n);
            console.AppendLine().AppendLine(table.ToConsole());
            Console.WriteLine();
            Console.WriteLine(console);
            if (s.Append && Configuration == "Release")
            {
                var md = new StringBuilder();
                md.AppendLine($"## {started:yyyy-MM-dd HH:mm} — dataset").AppendLine();
                foreach (var n in notes) md.AppendLine($"- {n}");
                md.AppendLine().AppendLine($"Decode → ranking, images per second (target ConvLens/plain ≥ 1.3):").AppendLine().AppendLine(table.ToMarkdown());
                var path = s.ResultsPath ?? Path.Combine(BenchPaths.BenchFolder(), "RESULTS.md");
                ResultsFile.Append(path, md.ToString());
                Console.WriteLine($"appended to {path}");
            }
            else if (s.Append) Console.WriteLine("not appended to RESULTS.md: Debug build");
            return 0;
        }
        finally
        {
            if (s.KeepFiles) Console.WriteLine($"kept {scratch}");
            else Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Whether both sides rank the same files in the same order, and how far their scores differ.</summary>
    private static string Compare(IReadOnlyList<(string Path, ChannelStatistics Statistics)> plain, DatasetRanking ranking)
    {
        bool sameOrder = plain.Select(p => p.Path).SequenceEqual(ranking.Images.Select(i => i.File.RelativePath));
        var byPath = ranking.Images.ToDictionary(i => i.File.RelativePath, i => i.Score);
        double worst = plain.Max(p => Math.Abs(p.Statistics.L2 - byPath[p.Path]) / Math.Max(1e-30, Math.Abs(p.Statistics.L2)));
        return $"{(sameOrder ? "same order" : "DIFFERENT ORDER")} of {plain.Count} images; largest relative difference of an L2 score {worst:E1} (batched vs single-image convolutions)";
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static string Format(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a";
}
