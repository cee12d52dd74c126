using System.ComponentModel;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options every command that loads a model shares.</summary>
public class ModelSettings : CommandSettings
{
    /// <summary>An .onnx or Keras .h5 file, a built-in model or a fetched one.</summary>
    [CommandOption("-m|--model <MODEL>")]
    [Description("An .onnx file, a Keras .h5 file, a built-in model (resnet18-featurizer, the default) or a fetched one (vgg19, vgg16).")]
    [DefaultValue(ModelCatalog.DefaultModel)]
    public string Model { get; init; } = ModelCatalog.DefaultModel;

    /// <summary>The preprocessing preset, when not the model's own.</summary>
    [CommandOption("--preprocess <PRESET>")]
    [Description("caffe, torch, tf, resnet18-featurizer or none (default: chosen by model).")]
    public string? Preprocess { get; init; }

    /// <summary>The architecture of a Keras weight file, when not inferred.</summary>
    [CommandOption("--arch <ARCH>")]
    [Description("vgg16 or vgg19 for a Keras .h5 file (default: inferred from its layer names).")]
    public string? Arch { get; init; }

    /// <summary>The model cache folder.</summary>
    [CommandOption("--cache-dir <DIR>")]
    [Description("Folder of fetched models (default: $CONVLENS_HOME/models, else ~/.convlens/models).")]
    public string? CacheDir { get; init; }

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [CommandOption("--threads <N>")]
    [Description("Threads for ONNX Runtime (default: all cores).")]
    public int? Threads { get; init; }

    /// <summary>Print JSON instead of tables.</summary>
    [CommandOption("--json")]
    [Description("Print machine-readable JSON.")]
    public bool Json { get; init; }

    /// <summary>How the model is opened.</summary>
    public ModelLoadOptions LoadOptions => new()
    {
        Preprocess = Preprocess,
        Architecture = Arch,
        CacheDirectory = CacheDir,
        Engine = new EngineOptions { IntraOpThreads = Threads ?? Environment.ProcessorCount },
    };

    /// <summary>Loads the model these settings name, with its preprocessing.</summary>
    public Network LoadNetwork() => ModelLoader.Open(Model, LoadOptions);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Threads is <= 0) return ValidationResult.Error("--threads must be at least 1");
        if (Preprocess is not null && !PreprocessingPresets.Names.Contains(Preprocess.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--preprocess must be one of {string.Join(", ", PreprocessingPresets.Names)}, not '{Preprocess}'");
        if (Arch is not null && Arch.Trim().ToLowerInvariant() is not ("vgg16" or "vgg19"))
            return ValidationResult.Error($"--arch must be vgg16 or vgg19, not '{Arch}'");
        return base.Validate();
    }
}
