using System.ComponentModel;
using ConvLens.Circuits;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens kernels</c> (and, extended, of <c>convlens circuit</c>).</summary>
public class KernelsSettings : ModelSettings
{
    /// <summary>The target layer.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Target layer: Keras name (block3_conv2, the post-ReLU output), alias (conv7) or value name.")]
    public string Layer { get; init; } = "";

    /// <summary>The target channel.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Target channel of the layer.")]
    public int? Channel { get; init; }

    /// <summary>How many input channels to show.</summary>
    [CommandOption("-k|--top <K>")]
    [Description("Input channels to show (default 6).")]
    [DefaultValue(6)]
    public int Top { get; init; } = 6;

    /// <summary>The kernel ranking.</summary>
    [CommandOption("--rank <METRIC>")]
    [Description("Rank input channels by their kernel slice's l2 norm (default, as the notebook), mean, or absmean.")]
    [DefaultValue("l2")]
    public string Rank { get; init; } = "l2";

    /// <summary>Where to draw the figure.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("Draw the figure to this PNG.")]
    public string? Output { get; init; }

    /// <summary>A folder of images for the data-grounded ranking.</summary>
    [CommandOption("--dataset <DIR>")]
    [Description("Also rank input channels by their measured contribution on these images (JPEG, PNG, WebP, BMP, GIF; read recursively).")]
    public string? Dataset { get; init; }

    /// <summary>Images per forward pass over the dataset.</summary>
    [CommandOption("--batch <N>")]
    [Description("Images per forward pass over --dataset (default 8).")]
    [DefaultValue(DatasetContributions.DefaultBatchSize)]
    public int Batch { get; init; } = DatasetContributions.DefaultBatchSize;

    /// <summary>The parsed ranking.</summary>
    public KernelRankMetric Metric => KernelRankMetrics.Parse(Rank);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer)) return ValidationResult.Error("--layer is required (run `convlens summary` to list the layers)");
        if (Channel is null) return ValidationResult.Error("--channel is required");
        if (Channel < 0) return ValidationResult.Error($"--channel must be 0 or more, not {Channel}");
        if (Top < 1) return ValidationResult.Error("--top must be at least 1");
        if (Batch < 1) return ValidationResult.Error("--batch must be at least 1");
        if (!KernelRankMetrics.Names.Contains(Rank.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--rank must be one of {string.Join(", ", KernelRankMetrics.Names)}, not '{Rank}'");
        var output = ValidateOutput();
        return output.Successful ? base.Validate() : output;
    }

    /// <summary>Checks the output file's kind; the kernel figure is a PNG.</summary>
    protected virtual ValidationResult ValidateOutput() =>
        Output is not null && !Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Error($"-o writes a PNG; name it .png, not '{Output}'")
            : ValidationResult.Success();
}
