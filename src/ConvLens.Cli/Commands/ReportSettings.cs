using System.ComponentModel;
using ConvLens.Dataset;
using ConvLens.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens report</c>.</summary>
public sealed class ReportSettings : ModelSettings
{
    /// <summary>The layer.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer to study (name, Keras name or alias such as conv14).")]
    public string? Layer { get; init; }

    /// <summary>The channel.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Channel of the layer to study.")]
    public int? Channel { get; init; }

    /// <summary>The dataset folder.</summary>
    [CommandOption("-d|--dataset <DIR>")]
    [Description("Folder of images (searched recursively) ranked for the top-k section.")]
    public string? Dataset { get; init; }

    /// <summary>Images to classify and explain.</summary>
    [CommandOption("--images <IMG>")]
    [Description("Images to classify and explain; repeat the option or separate with commas (default: the dataset's top 3).")]
    public string[] Images { get; init; } = [];

    /// <summary>The output folder.</summary>
    [CommandOption("-o|--output <DIR>")]
    [Description("Folder the page (index.html) and its PNGs are written to (default convlens-report).")]
    [DefaultValue("convlens-report")]
    public string Output { get; init; } = "convlens-report";

    /// <summary>One HTML file.</summary>
    [CommandOption("--single-file")]
    [Description("Write one HTML file with every image embedded.")]
    public bool SingleFile { get; init; }

    /// <summary>Top dataset images shown.</summary>
    [CommandOption("-k|--top <K>")]
    [Description("Top dataset images shown (default 5).")]
    [DefaultValue(5)]
    public int Top { get; init; } = 5;

    /// <summary>The ranking score.</summary>
    [CommandOption("--score <SCORE>")]
    [Description("Ranking score: l2 (the notebook's), mean or max (default l2).")]
    [DefaultValue("l2")]
    public string Score { get; init; } = "l2";

    /// <summary>Seed of every visualization.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of every feature visualization (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>Notebook recipe steps.</summary>
    [CommandOption("--notebook-steps <N>")]
    [Description("Gradient-ascent steps of the notebook recipe (default 40, the notebook's).")]
    [DefaultValue(40)]
    public int NotebookSteps { get; init; } = 40;

    /// <summary>Modern recipe steps.</summary>
    [CommandOption("--modern-steps <N>")]
    [Description("Adam steps of the modern recipe (default 96).")]
    [DefaultValue(96)]
    public int ModernSteps { get; init; } = 96;

    /// <summary>The circuit's recipe.</summary>
    [CommandOption("--circuit-recipe <RECIPE>")]
    [Description("Recipe of the circuit's input-channel visualizations: notebook or modern (default notebook: many channels).")]
    [DefaultValue("notebook")]
    public string CircuitRecipe { get; init; } = "notebook";

    /// <summary>The circuit's steps.</summary>
    [CommandOption("--circuit-steps <N>")]
    [Description("Steps of the circuit's visualizations (default 40).")]
    [DefaultValue(40)]
    public int CircuitSteps { get; init; } = 40;

    /// <summary>Circuit graph depth.</summary>
    [CommandOption("--depth <N>")]
    [Description("Layers of the circuit graph below the channel, 0 to leave it out (default 2).")]
    [DefaultValue(2)]
    public int Depth { get; init; } = 2;

    /// <summary>Inputs per node below the first layer of the circuit graph.</summary>
    [CommandOption("--fanout <N>")]
    [Description("Inputs kept per channel below the first layer of the circuit graph (default 3).")]
    [DefaultValue(3)]
    public int Fanout { get; init; } = 3;

    /// <summary>Kernel slices shown.</summary>
    [CommandOption("--kernel-top <N>")]
    [Description("Input channels in the kernel and circuit figures (default 6, the notebook's).")]
    [DefaultValue(6)]
    public int KernelTop { get; init; } = 6;

    /// <summary>The class Grad-CAM explains.</summary>
    [CommandOption("--class <K>")]
    [Description("Class Grad-CAM explains (default: each image's top class; models without a classifier explain the channel).")]
    public int? Class { get; init; }

    /// <summary>How images are fitted to the model.</summary>
    [CommandOption("--resize <MODE>")]
    [Description("stretch (default, as Keras load_img) or shorter-side+center-crop.")]
    [DefaultValue("stretch")]
    public string Resize { get; init; } = "stretch";

    /// <summary>The activation index file.</summary>
    [CommandOption("--db <FILE>")]
    [Description("Activation index file (default: $CONVLENS_HOME/index, else ~/.convlens/index, per dataset).")]
    public string? Db { get; init; }

    /// <summary>Run without the index.</summary>
    [CommandOption("--no-cache")]
    [Description("Compute every dataset image, keep nothing.")]
    public bool NoCache { get; init; }

    /// <summary>The images, with comma-separated lists split.</summary>
    public IReadOnlyList<string> ImageList => Images.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>The index path, or null with <c>--no-cache</c>.</summary>
    public string? IndexPath => NoCache ? null : Db ?? ActivationIndex.DefaultPath(Dataset!);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer)) return ValidationResult.Error("--layer is required (a layer name or alias; `convlens summary` lists them)");
        if (Channel is null) return ValidationResult.Error("--channel is required");
        if (string.IsNullOrWhiteSpace(Dataset)) return ValidationResult.Error("--dataset is required (a folder of images)");
        if (Top < 1) return ValidationResult.Error("--top must be at least 1");
        if (NotebookSteps < 1 || ModernSteps < 1 || CircuitSteps < 1) return ValidationResult.Error("--notebook-steps, --modern-steps and --circuit-steps must be at least 1");
        if (Depth is < 0 or > 4) return ValidationResult.Error("--depth must be 0..4");
        if (KernelTop < 1) return ValidationResult.Error("--kernel-top must be at least 1");
        if (Fanout < 1) return ValidationResult.Error("--fanout must be at least 1");
        if (CircuitRecipe.Trim().ToLowerInvariant() is not ("notebook" or "modern")) return ValidationResult.Error($"--circuit-recipe must be notebook or modern, not '{CircuitRecipe}'");
        if (!ChannelScores.Names.Contains(Score.Trim().ToLowerInvariant())) return ValidationResult.Error($"--score must be one of {string.Join(", ", ChannelScores.Names)}, not '{Score}'");
        if (!ResizeModes.Names.Contains(Resize.Trim().ToLowerInvariant())) return ValidationResult.Error($"--resize must be one of {string.Join(", ", ResizeModes.Names)}, not '{Resize}'");
        return base.Validate();
    }
}
