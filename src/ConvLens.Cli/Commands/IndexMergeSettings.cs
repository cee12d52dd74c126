using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens index merge</c>.</summary>
public sealed class IndexMergeSettings : CommandSettings
{
    /// <summary>The index files to combine.</summary>
    [CommandArgument(0, "<INDEXES>")]
    [Description("Index files (.db) to combine, such as the shards of one dataset.")]
    public string[] Inputs { get; init; } = [];

    /// <summary>The merged index.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("The merged index file (replaced atomically if it exists).")]
    public string? Output { get; init; }

    /// <summary>Print JSON.</summary>
    [CommandOption("--json")]
    [Description("Print machine-readable JSON.")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Inputs.Length == 0) return ValidationResult.Error("index merge needs the index files to combine");
        if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o is required: the merged index file");
        return base.Validate();
    }
}
