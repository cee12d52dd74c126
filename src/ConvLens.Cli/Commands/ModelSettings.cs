using System.ComponentModel;
using ConvLens.Models;
using ConvLens.Runtime;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options every command that loads a model shares.</summary>
public class ModelSettings : CommandSettings
{
    /// <summary>An .onnx file or a built-in model name.</summary>
    [CommandOption("-m|--model <MODEL>")]
    [Description("An .onnx file or a built-in model name (default: resnet18-featurizer).")]
    [DefaultValue(ModelCatalog.DefaultModel)]
    public string Model { get; init; } = ModelCatalog.DefaultModel;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [CommandOption("--threads <N>")]
    [Description("Threads for ONNX Runtime (default: all cores).")]
    public int? Threads { get; init; }

    /// <summary>Print JSON instead of tables.</summary>
    [CommandOption("--json")]
    [Description("Print machine-readable JSON.")]
    public bool Json { get; init; }

    /// <summary>Loads the model these settings name.</summary>
    public Network LoadNetwork() =>
        Network.Load(ModelCatalog.Resolve(Model), new EngineOptions { IntraOpThreads = Threads ?? Environment.ProcessorCount });

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate() =>
        Threads is <= 0 ? Spectre.Console.ValidationResult.Error("--threads must be at least 1") : base.Validate();
}
