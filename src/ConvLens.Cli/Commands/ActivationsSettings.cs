using System.ComponentModel;
using ConvLens.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens activations</c>.</summary>
public sealed class ActivationsSettings : ModelSettings
{
    /// <summary>The image.</summary>
    [CommandArgument(0, "<IMAGE>")]
    [Description("Image file (JPEG, PNG, WebP, BMP, GIF), any size and aspect ratio.")]
    public string Image { get; init; } = "";

    /// <summary>The layer.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Convolutional layer (name or alias, e.g. block3_conv2 or conv7).")]
    public string? Layer { get; init; }

    /// <summary>The channel.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Channel of the layer.")]
    public int? Channel { get; init; }

    /// <summary>Where the figure goes.</summary>
    [CommandOption("-o|--output <PNG>")]
    [Description("The three-panel figure (default: NAME.LAYER.CHANNEL.png in the current folder).")]
    public string? Output { get; init; }

    /// <summary>The activation map's colormap.</summary>
    [CommandOption("--colormap <NAME>")]
    [Description("viridis (default), coolwarm, jet, magma or gray.")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    /// <summary>The overlay's opacity.</summary>
    [CommandOption("--alpha <A>")]
    [Description("Opacity of the activation map over the image, 0..1 (default 0.5).")]
    [DefaultValue(0.5)]
    public double Alpha { get; init; } = 0.5;

    /// <summary>How the image is fitted to the model's input.</summary>
    [CommandOption("--resize <MODE>")]
    [Description("stretch (default) or shorter-side+center-crop.")]
    [DefaultValue("stretch")]
    public string Resize { get; init; } = "stretch";

    /// <summary>Steps of the feature visualization.</summary>
    [CommandOption("--steps <N>")]
    [Description("Gradient-ascent steps of the channel's feature visualization, the notebook's recipe (default 40; 0 skips the panel).")]
    [DefaultValue(40)]
    public int Steps { get; init; } = 40;

    /// <summary>Seed of the visualization's start noise.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the feature visualization's start noise (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Image)) return ValidationResult.Error("activations needs an image file");
        if (Layer is null || Channel is null) return ValidationResult.Error("activations needs --layer and --channel");
        if (Channel < 0) return ValidationResult.Error("--channel must be 0 or more");
        if (Output is not null && !Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"-o writes a PNG; name it .png, not '{Output}'");
        if (!(Alpha >= 0 && Alpha <= 1)) return ValidationResult.Error("--alpha must be between 0 and 1");
        if (!Colormaps.Names.Contains(Colormap.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--colormap must be one of {string.Join(", ", Colormaps.Names)}, not '{Colormap}'");
        if (!ResizeModes.Names.Contains(Resize.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--resize must be one of {string.Join(", ", ResizeModes.Names)}, not '{Resize}'");
        if (Steps < 0) return ValidationResult.Error("--steps must be 0 or more");
        return base.Validate();
    }
}
