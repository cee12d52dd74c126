using System.Diagnostics;
using ConvLens.Bench.Infrastructure;
using ConvLens.Graph;
using ConvLens.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Bench.Core;

/// <summary>The ConvLens and plain ONNX Runtime measurements of one <c>core</c> run, one thread count at a time.</summary>
public sealed class CoreRun(CoreSettings settings, string modelPath)
{
    private readonly Dictionary<int, FloatTensor> _inputs = [];
    private readonly Dictionary<int, FloatTensor> _seeds = [];

    /// <summary>One row per (threads, batch), in measurement order.</summary>
    public List<CoreRow> Rows { get; } = [];

    /// <summary>The first network's graph up to the gradient layer (for the PyTorch export).</summary>
    public OnnxModel Model { get; private set; } = null!;

    /// <summary>The graph value that <see cref="CoreBenchmark.GradientLayer"/> names.</summary>
    public string GradientLayerValue { get; private set; } = "";

    /// <summary>ConvLens's values for the PyTorch check; set by the first thread count.</summary>
    public ReferenceValues? Check { get; private set; }

    /// <summary>Why gradients could not be measured (rules not available), or null.</summary>
    public string? GradientProblem { get; private set; }

    /// <summary>The process's peak working set after each thread count, in MiB.</summary>
    public Dictionary<int, double> PeakMemoryByThreads { get; } = [];

    /// <summary>How long creating each session took, for the notes.</summary>
    public List<string> SessionTimes { get; } = [];

    /// <summary>Loads the network and the plain session with <paramref name="threads"/> threads and measures every batch size.</summary>
    public void MeasureThreads(int threads)
    {
        Console.WriteLine();
        Console.WriteLine($"{threads} thread(s)");
        var clock = Stopwatch.StartNew();
        using var network = Network.Load(modelPath, new EngineOptions { IntraOpThreads = threads });
        var full = network.Forward([network.Model.Graph.Outputs[0].Name]);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var afterLoad = MachineInfo.WorkingSetMiB();
        clock.Restart();
        using var plainSession = PlainOrtForward.CreateSession(modelPath, threads);
        Console.WriteLine($"  working set: {afterLoad:F0} MiB after ConvLens load + full-forward session (after GC), {MachineInfo.WorkingSetMiB():F0} MiB with the plain session too");
        SessionTimes.Add($"{threads} thread(s): ConvLens load + full forward {loadSeconds:F1} s, plain ORT {clock.Elapsed.TotalSeconds:F1} s");
        if (Check is null)
        {
            GradientLayerValue = network.Layers.Resolve(CoreBenchmark.GradientLayer).Value;
            Model = GraphPruner.Prune(network.Model, [GradientLayerValue]);
        }
        var toLayer = network.Forward([CoreBenchmark.GradientLayer]);
        var gradientSession = TryGradientSession(network);
        if (Check is null) Check = ComputeReference(network, toLayer, gradientSession);

        foreach (var batch in settings.Batches)
        {
            var row = new CoreRow(threads, batch, settings.RunsFor(threads, batch));
            Rows.Add(row);
            var input = Input(batch);
            Console.WriteLine($"  batch {batch}: full VGG19 forward, ConvLens vs plain ORT ({settings.Warmup} warm-up + {row.Runs} runs each)");
            var convLensFull = new ConvLensForward("ConvLens", full, network.Input.Name, input);
            using (var plain = new PlainOrtForward(plainSession, input))
            {
                var samples = InterleavedTimer.Measure([convLensFull, plain], settings.Warmup, row.Runs, settings.PauseMs, Console.WriteLine);
                (row.ConvLensFull, row.PlainFull) = (samples[0], samples[1]);
                row.FullOutputMaxDiff = MaxAbsDifference(convLensFull.Output(full.OutputNames[0]), plain.Output);
            }
            Console.WriteLine($"    ConvLens {row.ConvLensFull}; plain {row.PlainFull}; ratio {row.ConvLensFull.Median / row.PlainFull.Median:F3}");

            Console.WriteLine($"  batch {batch}: forward vs forward + input gradient to {CoreBenchmark.GradientLayer}");
            var forward = new ConvLensForward("forward", toLayer, network.Input.Name, input);
            var cases = new List<ITimedCase> { forward };
            if (gradientSession is not null) cases.Add(new ConvLensGradient(gradientSession, CoreBenchmark.GradientLayer, input, Seed(batch, toLayer, network.Input.Name)));
            var timed = InterleavedTimer.Measure(cases, settings.Warmup, row.Runs, settings.PauseMs, Console.WriteLine);
            row.ConvLensForward = timed[0];
            row.ConvLensGradient = timed.Length > 1 ? timed[1] : null;
            Console.WriteLine($"    forward {row.ConvLensForward}; gradient {row.ConvLensGradient?.ToString() ?? "n/a"}" +
                (row.ConvLensGradient is { } g ? $"; ratio {g.Median / row.ConvLensForward.Median:F3}" : ""));
        }
        PeakMemoryByThreads[threads] = MachineInfo.PeakWorkingSetMiB();
        Console.WriteLine($"  peak working set so far {PeakMemoryByThreads[threads]:F0} MiB");
    }

    private GradientSession? TryGradientSession(Network network)
    {
        if (GradientProblem is not null) return null;
        try
        {
            return network.Gradient(GradientRequest.ForLayer(CoreBenchmark.GradientLayer));
        }
        catch (Exception e) when (e is NotSupportedException or ConvLensException or OnnxRuntimeException or InvalidOperationException)
        {
            // The gradient rules may not exist yet; the forward comparison is still worth running.
            GradientProblem = $"{e.GetType().Name}: {e.Message}";
            Console.WriteLine($"  gradient to {CoreBenchmark.GradientLayer} unavailable, measuring forward only — {GradientProblem}");
            return null;
        }
    }

    private ReferenceValues ComputeReference(Network network, CompiledGraph toLayer, GradientSession? gradientSession)
    {
        var input = Input(1);
        var seed = Seed(1, toLayer, network.Input.Name);
        var forward = new ConvLensForward("forward", toLayer, network.Input.Name, input);
        forward.RunOnce();
        FloatTensor? gradient = null;
        if (gradientSession is not null)
        {
            var run = new ConvLensGradient(gradientSession, CoreBenchmark.GradientLayer, input, seed);
            run.RunOnce();
            gradient = run.InputGradient;
            bool finite = gradient.Data.All(float.IsFinite), nonZero = gradient.Data.Any(v => v != 0);
            Console.WriteLine($"  input gradient at batch 1: finite {finite}, non-zero {nonZero}, " +
                $"activation equal to forward's {MaxAbsDifference(run.Activation, forward.Output(toLayer.OutputNames[0])):0.0e+0}");
        }
        return new ReferenceValues(input, seed, forward.Output(toLayer.OutputNames[0]), gradient);
    }

    private FloatTensor Input(int batch)
    {
        if (!_inputs.TryGetValue(batch, out var x))
            _inputs[batch] = x = FloatTensor.Zeros(batch, 3, 224, 224).FillNormal(new Random(settings.Seed + batch));
        return x;
    }

    private FloatTensor Seed(int batch, CompiledGraph toLayer, string inputName)
    {
        if (!_seeds.TryGetValue(batch, out var s))
        {
            var shape = toLayer.OutputShape(toLayer.OutputNames[0], new Dictionary<string, FloatTensor> { [inputName] = Input(batch) })!;
            _seeds[batch] = s = FloatTensor.Zeros(shape).FillNormal(new Random(settings.Seed + 1000 + batch));
        }
        return s;
    }

    private static double MaxAbsDifference(FloatTensor a, FloatTensor b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a.Data[i] - b.Data[i]));
        return max;
    }
}
