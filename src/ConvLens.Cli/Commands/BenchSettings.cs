using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens bench</c>.</summary>
public sealed class BenchSettings : ModelSettings
{
    /// <summary>The layer to run to; the model's output by default.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer to run to (name or alias); default: the model's output.")]
    public string? Layer { get; init; }

    /// <summary>Batch size.</summary>
    [CommandOption("-b|--batch <B>")]
    [Description("Batch size (default 1).")]
    [DefaultValue(1)]
    public int Batch { get; init; } = 1;

    /// <summary>Time forward + input gradient instead of forward alone.</summary>
    [CommandOption("--grad")]
    [Description("Time forward + input gradient of the layer.")]
    public bool Grad { get; init; }

    /// <summary>Timed runs.</summary>
    [CommandOption("-r|--runs <R>")]
    [Description("Timed runs after 2 warm-up runs (default 10).")]
    [DefaultValue(10)]
    public int Runs { get; init; } = 10;

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Batch < 1 ? ValidationResult.Error("--batch must be at least 1")
        : Runs < 1 ? ValidationResult.Error("--runs must be at least 1")
        : base.Validate();
}
