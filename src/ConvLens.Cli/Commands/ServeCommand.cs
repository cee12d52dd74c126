using System.Net;
using ConvLens.Cli.Explorer;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens serve</c>: the local explorer (see <see cref="ExplorerServer"/>) until Ctrl+C.</summary>
public sealed class ServeCommand : Command<ServeSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public ServeCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellation)
    {
        using var network = settings.LoadNetwork();
        var host = IPAddress.Parse(settings.Host);
        var options = new ExplorerOptions
        {
            Host = host,
            Port = settings.Port,
            ModelName = settings.Model,
            Dataset = settings.Dataset,
            IndexPath = settings.Db,
            MaxUploadBytes = settings.MaxUploadMegabytes * 1024L * 1024,
            ChannelSteps = settings.Steps,
            AtlasSteps = settings.AtlasSteps,
            Seed = settings.Seed,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var server = ExplorerServer.StartAsync(network, options, stop.Token).GetAwaiter().GetResult();
            try
            {
                if (!IPAddress.IsLoopback(host))
                    _console.MarkupLine($"[yellow]warning:[/] listening on {Markup.Escape(settings.Host)}: other machines can reach the model and the dataset");
                _console.MarkupLine($"ConvLens explorer on [link]{Markup.Escape(server.Address.ToString())}[/] — Ctrl+C stops it");
                server.WaitAsync(stop.Token).GetAwaiter().GetResult();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return 0;
    }
}
