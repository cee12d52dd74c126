using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens bench</c>: wall time of a forward pass, or forward + input gradient, after warm-up.</summary>
public sealed class BenchCommand : Command<BenchSettings>
{
    private const int WarmupRuns = 2;
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public BenchCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        if (network.FixedBatch && settings.Batch != 1)
            throw new ConvLensException($"'{network.Model.Source}' hard-codes batch size 1; use --batch 1");
        var layer = settings.Layer ?? network.Model.Graph.Outputs[0].Name;
        var resolved = network.Layers.Resolve(layer);
        var (c, h, w) = network.InputSize;
        var random = new Random(1);
        var input = FloatTensor.Zeros(settings.Batch, c, h, w).FillNormal(random, 50f);
        Action run;
        if (settings.Grad)
        {
            var session = network.Gradient(GradientRequest.ForLayer(layer));
            var shape = resolved.Shape!.ToLongs(settings.Batch).Select(d => (int)d).ToArray();
            shape[0] = settings.Batch;
            var seeds = new Dictionary<string, FloatTensor> { [layer] = FloatTensor.Zeros(shape).FillNormal(random) };
            run = () => session.Run(input, seeds);
        }
        else
        {
            var session = network.Forward([layer]);
            var feeds = new Dictionary<string, FloatTensor> { [network.Input.Name] = input };
            var outputs = session.OutputNames.ToDictionary(o => o, o => FloatTensor.Zeros(session.OutputShape(o, feeds)!));
            run = () => session.RunInto(feeds, outputs);
        }
        var times = Stopwatches.Measure(run, WarmupRuns, settings.Runs);
        var result = new
        {
            model = network.Model.Source,
            layer = resolved.DisplayName,
            mode = settings.Grad ? "forward+input-gradient" : "forward",
            batch = settings.Batch,
            threads = network.Options.IntraOpThreads,
            runs = settings.Runs,
            medianMs = times.Median,
            minMs = times.Min,
            maxMs = times.Max,
        };
        if (settings.Json) _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(result));
        else
            _console.MarkupLine($"{result.mode} to [bold]{Markup.Escape(result.layer)}[/], batch {result.batch}, {result.threads} threads, {result.runs} runs: " +
                                $"median [bold]{result.medianMs:F1} ms[/] (min {result.minMs:F1}, max {result.maxMs:F1})");
        return 0;
    }
}
