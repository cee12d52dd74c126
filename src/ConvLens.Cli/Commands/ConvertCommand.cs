using System.Diagnostics;
using ConvLens.Graph;
using ConvLens.Models.Keras;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens convert</c>: a Keras VGG16/VGG19 weight file written as a standard ONNX file (NCHW, Keras's
/// layer names) that any ONNX runtime runs, and that loads in ConvLens without the HDF5 reader.
/// </summary>
public sealed class ConvertCommand : Command<ConvertSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ConvertCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ConvertSettings settings, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var model = KerasModelReader.Read(settings.Input, settings.Architecture);
        var output = settings.OutputPath;
        OnnxModelWriter.WriteFile(model, output);
        var graph = model.Graph;
        var input = graph.Inputs[0].Shape!;
        bool includeTop = graph.Initializers.ContainsKey("predictions/kernel");
        var result = new
        {
            input = settings.Input,
            output,
            architecture = model.Metadata.GetValueOrDefault("convlens.architecture"),
            layout = model.Metadata.GetValueOrDefault(KerasModelReader.LayoutKey),
            includeTop,
            imageSize = input[2].Value,
            classes = includeTop ? graph.Initializers["predictions/bias"].Dims[0] : (long?)null,
            parameters = graph.Initializers.Values.Sum(t => t.ElementCount),
            bytes = new FileInfo(output).Length,
            preprocess = model.Metadata.GetValueOrDefault(KerasModelReader.PreprocessKey),
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(result));
            return 0;
        }
        var top = includeTop ? $"with the top, {result.classes} classes" : "without the top";
        _console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/]: {result.architecture?.ToUpperInvariant()} ({result.layout} layout, {top}), " +
                            $"input (N, 3, {result.imageSize}, {result.imageSize}), {result.parameters:N0} parameters, {result.bytes / 1e6:F1} MB, {result.seconds:F1} s");
        return 0;
    }
}
