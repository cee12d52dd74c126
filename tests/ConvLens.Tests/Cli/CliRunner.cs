using ConvLens.Cli;
using Spectre.Console;

namespace ConvLens.Tests.Cli;

/// <summary>Runs the <c>convlens</c> command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        int code = CliApp.Run(args, console);
        return (code, writer.ToString());
    }
}
