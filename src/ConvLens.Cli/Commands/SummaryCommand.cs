using ConvLens.Graph;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens summary</c>: the model's layers, like Keras <c>model.summary()</c>.</summary>
public sealed class SummaryCommand : Command<ModelSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public SummaryCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ModelSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var layers = network.Layers.All;
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                model = network.Model.Source,
                fingerprint = network.Fingerprint,
                opset = network.Model.Opset,
                input = new { name = network.Input.Name, shape = network.Input.Shape?.ToString() },
                preprocessing = network.Preprocessing,
                dynamicBatch = !network.FixedBatch,
                layers = layers.Select(l => new { name = l.Value, displayName = l.DisplayName, aliases = l.Aliases, op = l.Node.OpType, shape = l.Shape?.ToString(), parameters = l.Parameters, preprocessing = l.IsPreprocessing }),
                totalParameters = network.Layers.TotalParameters,
            }));
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Layer").AddColumn("Also").AddColumn("Op").AddColumn("Output shape").AddColumn(new TableColumn("Param #").RightAligned()).AddColumn("ONNX value");
        // The name users see everywhere comes first; the exporter's value name (often a long scope path) last.
        foreach (var l in layers)
            table.AddRow(Markup.Escape(l.DisplayName), Markup.Escape(string.Join(", ", l.Aliases.Where(a => a != l.DisplayName))), l.Node.OpType,
                Markup.Escape(l.Shape?.ToString() ?? "?"), l.Parameters.ToString("N0"), l.Value == l.DisplayName ? "" : Markup.Escape(l.Value));
        _console.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(network.Model.Source))}[/]  opset {network.Model.Opset}, fingerprint {network.Fingerprint}");
        _console.MarkupLine($"Input [bold]{Markup.Escape(network.Input.Name)}[/] {Markup.Escape(network.Input.Shape?.ToString() ?? "?")}{(network.FixedBatch ? " (fixed batch)" : " (N = any batch size)")}, preprocessing: {Markup.Escape(network.Preprocessing)}");
        _console.Write(table);
        _console.MarkupLine($"Total params: [bold]{network.Layers.TotalParameters:N0}[/] ({FormatBytes(network.Layers.TotalParameters * 4)})");
        return 0;
    }

    private static string FormatBytes(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):F2} MB" : $"{bytes / 1024.0:F2} KB";
}
