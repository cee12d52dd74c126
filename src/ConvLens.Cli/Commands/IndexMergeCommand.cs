using ConvLens.Dataset;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>
/// <c>convlens index merge</c>: combines activation indexes computed apart (the shards of one dataset,
/// from <c>index --shard i/n</c>) into one, which answers exactly as an index built in one run.
/// </summary>
public sealed class IndexMergeCommand : Command<IndexMergeSettings>
{
    private readonly IAnsiConsole _console;

    /// <summary>Creates the command writing to <paramref name="console"/>.</summary>
    public IndexMergeCommand(IAnsiConsole console) => _console = console;

    /// <inheritdoc />
    public override int Execute(CommandContext context, IndexMergeSettings settings, CancellationToken cancellation)
    {
        var result = ActivationIndex.Merge(settings.Inputs, settings.Output!);
        if (settings.Json)
        {
            _console.Profile.Out.Writer.WriteLine(JsonOutput.Serialize(new
            {
                inputs = settings.Inputs,
                output = settings.Output,
                contexts = result.Contexts,
                images = result.Images,
                duplicates = result.Duplicates,
            }));
            return 0;
        }
        _console.MarkupLine(Markup.Escape($"Merged {result.Inputs} indexes ({result.Images} image entries, {result.Duplicates} duplicates, " +
            $"{result.Contexts} model/layer contexts) into ") + $"[bold]{Markup.Escape(settings.Output!)}[/]");
        return 0;
    }
}
