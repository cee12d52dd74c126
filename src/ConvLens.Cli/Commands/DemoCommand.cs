using System.Diagnostics;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens demo</c>: the core job on the embedded ResNet18: load it, pick a layer and channel, and
/// climb that channel's mean activation by gradient ascent on the input, with every forward and backward
/// pass in one ONNX Runtime session. Prints what it did and how fast.
/// </summary>
public sealed class DemoCommand : Command<DemoSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public DemoCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        using var network = settings.LoadNetwork();
        int convCount = network.Model.Graph.Nodes.Count(n => n.OpType == "Conv");
        var layer = network.Layers.Resolve(settings.Layer ?? $"conv{convCount / 2 + 1}");
        int channels = layer.Channels ?? throw new ConvLensException($"layer '{layer.DisplayName}' has no channel dimension");
        if (settings.Channel < 0 || settings.Channel >= channels)
            throw new ConvLensException($"layer '{layer.DisplayName}' has channels 0..{channels - 1}; --channel {settings.Channel} is out of range");

        var (c, h, w) = network.InputSize;
        // The reference notebook's start: grey noise, uniform(0, 1) * 20 + 128 per pixel.
        var random = new Random(settings.Seed);
        var image = new FloatTensor(Enumerable.Range(0, c * h * w).Select(_ => (float)(random.NextDouble() * 20 + 128)).ToArray(), 1, c, h, w);
        var session = network.Gradient(GradientRequest.ForLayer(layer.DisplayName));
        var shape = layer.Shape!.ToLongs(1).Select(d => (int)d).ToArray();
        var seed = ChannelMeanSeed(shape, settings.Channel);
        var seeds = new Dictionary<string, FloatTensor> { [layer.DisplayName] = seed };

        var outputs = session.CreateOutputs(image, seeds);
        var activation = outputs[session.OutputValues[layer.DisplayName]].Data;
        var gradient = outputs[session.GradientOutputs[network.Input.Name]].Data;
        var curve = new List<double>();
        var stepTimes = new List<double>();
        void Ascend(Action<string> report)
        {
            for (int step = 0; step <= settings.Steps; step++)
            {
                var sw = Stopwatch.StartNew();
                session.RunInto(image, seeds, outputs);
                stepTimes.Add(sw.Elapsed.TotalMilliseconds);
                curve.Add(Dot(activation, seed.Data));
                if (step == settings.Steps) break;
                // The reference notebook's step: the gradient divided by its root mean square.
                double rms = Math.Sqrt(gradient.Sum(g => (double)g * g) / gradient.Length) + 1e-5;
                for (int i = 0; i < gradient.Length; i++) image.Data[i] += (float)(gradient[i] / rms);
                report($"Gradient ascent on {layer.DisplayName}:{settings.Channel}: step {step + 1}/{settings.Steps}, objective {curve[^1]:F4}");
            }
        }
        // JSON output stays clean: progress only when a person reads the screen.
        if (settings.Json) Ascend(_ => { });
        else _console.Status().Start($"Gradient ascent on {layer.DisplayName}:{settings.Channel}", ctx => Ascend(text => ctx.Status(text)));

        var result = new
        {
            model = network.Model.Source,
            fingerprint = network.Fingerprint,
            layer = layer.DisplayName,
            value = layer.Value,
            channel = settings.Channel,
            steps = settings.Steps,
            objective = curve,
            medianStepMs = stepTimes.Skip(1).DefaultIfEmpty(stepTimes[0]).Order().ElementAt(Math.Max(0, stepTimes.Count - 1) / 2),
            totalSeconds = total.Elapsed.TotalSeconds,
        };
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(result));
            return 0;
        }
        _console.MarkupLine($"Model [bold]{Markup.Escape(Path.GetFileName(result.model))}[/] ({network.Layers.All.Count} layers, {network.Layers.TotalParameters:N0} parameters)");
        _console.MarkupLine($"Layer [bold]{Markup.Escape(result.layer)}[/] = {Markup.Escape(result.value)} {Markup.Escape(layer.Shape!.ToString())}, channel {result.channel}");
        _console.MarkupLine($"Mean activation of the channel: {curve[0]:F4} at the start, [bold]{curve[^1]:F4}[/] after {settings.Steps} gradient-ascent steps");
        _console.MarkupLine($"One forward + input-gradient pass: {result.medianStepMs:F0} ms; whole demo {result.totalSeconds:F1} s");
        return 0;
    }

    /// <summary>The seed dA whose dot product with the layer is the channel's mean activation.</summary>
    private static FloatTensor ChannelMeanSeed(int[] shape, int channel)
    {
        var seed = FloatTensor.Zeros(shape);
        int plane = shape.Skip(2).Aggregate(1, (a, d) => a * d);
        seed.Data.AsSpan(channel * plane, plane).Fill(1f / plane);
        return seed;
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
