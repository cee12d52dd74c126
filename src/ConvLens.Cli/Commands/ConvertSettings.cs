using System.ComponentModel;
using ConvLens.Models;
using ConvLens.Models.Keras;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens convert</c>.</summary>
public sealed class ConvertSettings : CommandSettings
{
    /// <summary>The Keras weight file to convert.</summary>
    [CommandArgument(0, "<MODEL>")]
    [Description("A Keras VGG16/VGG19 weight file (.h5), with or without the top.")]
    public string Input { get; init; } = "";

    /// <summary>The ONNX file to write; the input's name with <c>.onnx</c> when not given.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("The ONNX file to write (default: the input's name with .onnx).")]
    public string? Output { get; init; }

    /// <summary>The architecture, when not inferred from the layer names.</summary>
    [CommandOption("--arch <ARCH>")]
    [Description("vgg16 or vgg19 (default: inferred from the file's layer names).")]
    public string? Arch { get; init; }

    /// <summary>Print JSON instead of a sentence.</summary>
    [CommandOption("--json")]
    [Description("Print machine-readable JSON.")]
    public bool Json { get; init; }

    /// <summary>The ONNX file that will be written.</summary>
    public string OutputPath => Output ?? Path.ChangeExtension(Input, ".onnx");

    /// <summary>The architecture asked for, or null to infer it.</summary>
    public VggVariant? Architecture => Arch is null ? null : KerasModelReader.ParseArchitecture(Arch);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Input)) return ValidationResult.Error("convert needs a Keras .h5 file");
        if (Arch is not null && Arch.Trim().ToLowerInvariant() is not ("vgg16" or "vgg19"))
            return ValidationResult.Error($"--arch must be vgg16 or vgg19, not '{Arch}'");
        if (string.Equals(Path.GetFullPath(OutputPath), Path.GetFullPath(Input), StringComparison.Ordinal))
            return ValidationResult.Error($"the output '{OutputPath}' would overwrite the input; give another name with -o");
        return base.Validate();
    }
}
