using System.ComponentModel;
using System.Globalization;
using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using ConvLens.Visualization.Transforms;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens visualize</c>.</summary>
public sealed class VisualizeSettings : ModelSettings
{
    /// <summary>The layer whose channels are visualised.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer name or alias (block3_conv2, conv7, an ONNX value name).")]
    public string? Layer { get; init; }

    /// <summary>The channels: one, a range or a list.</summary>
    [CommandOption("-c|--channel <CHANNELS>")]
    [Description("Channel C, range A-B or list A,B,C (mixed: 0-3,8). Several channels make an atlas.")]
    public string? Channel { get; init; }

    /// <summary>notebook or modern.</summary>
    [CommandOption("--recipe <RECIPE>")]
    [Description("modern (default: Fourier + decorrelated colour, transforms, Adam) or notebook (the reference notebook's 40 normalised gradient steps).")]
    [DefaultValue("modern")]
    public string Recipe { get; init; } = "modern";

    /// <summary>Seed of everything random.</summary>
    [CommandOption("--seed <N>")]
    [Description("Random seed (default 0); the channel at position j of the list uses seed + j.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>Where the PNG goes.</summary>
    [CommandOption("-o|--output <PNG>")]
    [Description("The PNG to write: the image, or the atlas for several channels (default: LAYER_CHANNELS.png).")]
    public string? Output { get; init; }

    /// <summary>How images become colours.</summary>
    [CommandOption("--display <MODE>")]
    [Description("std (the notebook's normalisation, true colours), max (min-max), notebook (the notebook's own pixels: std of its BGR tensor shown as RGB), pixels (as they are). Default: std for the notebook recipe, pixels for the modern one.")]
    public string? Display { get; init; }

    /// <summary>Optimisation steps.</summary>
    [CommandOption("--steps <N>")]
    [Description("Optimisation steps (default: 40 for notebook, 64 for modern).")]
    public int? Steps { get; init; }

    /// <summary>Image side for the modern recipe.</summary>
    [CommandOption("--size <PIXELS>")]
    [Description("Modern recipe: side of the optimised image (default: the model's input size).")]
    public int? Size { get; init; }

    /// <summary>Adam's learning rate.</summary>
    [CommandOption("--lr <RATE>")]
    [Description("Modern recipe: Adam's learning rate (default 0.05).")]
    public double? LearningRate { get; init; }

    /// <summary>Robustness transforms.</summary>
    [CommandOption("--transforms <SPEC>")]
    [Description("Modern recipe: standard (default), none, or steps like pad:12,jitter:8,scale:0.9-1.1,rotate:10,jitter:4.")]
    public string? Transforms { get; init; }

    /// <summary>pixel or fft.</summary>
    [CommandOption("--param <KIND>")]
    [Description("Modern recipe: fft (default) or pixel parameterisation.")]
    public string? Param { get; init; }

    /// <summary>on or off.</summary>
    [CommandOption("--decorrelate <ON|OFF>")]
    [Description("Modern recipe: optimise in decorrelated colour space (on, the default) or plain RGB (off).")]
    public string? Decorrelate { get; init; }

    /// <summary>Channels optimised together.</summary>
    [CommandOption("--batch <N>")]
    [Description("Images optimised in one batch, sharing every pass (default 8).")]
    [DefaultValue(8)]
    public int Batch { get; init; } = 8;

    /// <summary>Images of one channel.</summary>
    [CommandOption("--variants <N>")]
    [Description("Images of the one channel, optimised in one batch (default 1); with --diversity they are pushed apart.")]
    [DefaultValue(1)]
    public int Variants { get; init; } = 1;

    /// <summary>Weight of the diversity term.</summary>
    [CommandOption("--diversity <WEIGHT>")]
    [Description("Weight of the diversity term across the variants (default 0; post-ReLU layers need ~10x the channel's activation scale).")]
    [DefaultValue(0.0)]
    public double Diversity { get; init; }

    /// <summary>The recipe these options describe.</summary>
    /// <exception cref="ConvLensException">A recipe option is out of range or does not parse.</exception>
    public VisualizationRecipe BuildRecipe()
    {
        if (IsNotebook) return new NotebookRecipe { Seed = Seed, Steps = Steps ?? 40 };
        var modern = new ModernRecipe { Seed = Seed };
        return modern with
        {
            Steps = Steps ?? modern.Steps,
            Size = Size,
            LearningRate = LearningRate ?? modern.LearningRate,
            Transforms = Transforms is null ? null : TransformSpecParser.Parse(Transforms),
            Parameterization = Param is null ? modern.Parameterization : ImageParameterizationFactory.ParseKind(Param),
            Decorrelate = Decorrelate is null || Decorrelate.Trim().Equals("on", StringComparison.OrdinalIgnoreCase),
            Threads = Threads ?? modern.Threads,
        };
    }

    /// <summary>The display mode asked for, or the recipe's own.</summary>
    public DisplayNormalization DisplayMode => Display?.Trim().ToLowerInvariant() switch
    {
        null => IsNotebook ? DisplayNormalization.Std : DisplayNormalization.Pixels,
        "std" => DisplayNormalization.Std,
        "max" => DisplayNormalization.Max,
        "notebook" => DisplayNormalization.Notebook,
        _ => DisplayNormalization.Pixels,
    };

    /// <summary>True for <c>--recipe notebook</c>.</summary>
    public bool IsNotebook => Recipe.Trim().Equals("notebook", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer)) return ValidationResult.Error("visualize needs --layer (run `convlens summary` to list the layers)");
        if (string.IsNullOrWhiteSpace(Channel)) return ValidationResult.Error("visualize needs --channel: C, A-B or A,B,C");
        var recipe = Recipe.Trim().ToLowerInvariant();
        if (recipe is not ("notebook" or "modern")) return ValidationResult.Error($"--recipe must be notebook or modern, not '{Recipe}'");
        if (Display is not null && Display.Trim().ToLowerInvariant() is not ("std" or "max" or "notebook" or "pixels"))
            return ValidationResult.Error($"--display must be std, max, notebook or pixels, not '{Display}'");
        if (Display?.Trim().ToLowerInvariant() == "notebook" && !IsNotebook)
            return ValidationResult.Error("--display notebook reproduces the notebook recipe's pixels; use it with --recipe notebook");
        if (IsNotebook)
        {
            var modernOnly = new (string Name, bool Given)[]
            {
                ("--size", Size is not null), ("--lr", LearningRate is not null), ("--transforms", Transforms is not null),
                ("--param", Param is not null), ("--decorrelate", Decorrelate is not null),
            }.Where(o => o.Given).Select(o => o.Name).ToArray();
            if (modernOnly.Length > 0) return ValidationResult.Error($"{string.Join(", ", modernOnly)} apply to the modern recipe, not --recipe notebook");
        }
        if (Decorrelate is not null && Decorrelate.Trim().ToLowerInvariant() is not ("on" or "off"))
            return ValidationResult.Error($"--decorrelate must be on or off, not '{Decorrelate}'");
        if (Steps is < 0) return ValidationResult.Error("--steps must be 0 or more");
        if (Batch < 1) return ValidationResult.Error("--batch must be at least 1");
        if (Variants < 1) return ValidationResult.Error("--variants must be at least 1");
        if (!double.IsFinite(Diversity)) return ValidationResult.Error("--diversity must be a number");
        if (Diversity != 0 && Variants < 2) return ValidationResult.Error("--diversity pushes --variants apart: give --variants 2 or more");
        if (Output is not null && !Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"-o writes a PNG; name it .png, not '{Output}'");
        return base.Validate();
    }

    /// <summary>The default output file name: the layer and channels with anything unsafe in a file name replaced.</summary>
    public static string DefaultOutput(string selection)
    {
        var safe = selection.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{new string(safe)}.png");
    }
}
