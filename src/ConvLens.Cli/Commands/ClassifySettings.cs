using System.ComponentModel;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens classify</c>.</summary>
public sealed class ClassifySettings : ModelSettings
{
    /// <summary>The images to classify.</summary>
    [CommandArgument(0, "<IMAGES>")]
    [Description("Image files (JPEG, PNG, WebP, BMP, GIF).")]
    public string[] Images { get; init; } = [];

    /// <summary>How many classes to list per image.</summary>
    [CommandOption("-k|--top <K>")]
    [Description("Classes to list per image (default 5).")]
    [DefaultValue(5)]
    public int Top { get; init; } = 5;

    /// <summary>Where to draw the figure: the images in a row, titled with label and file name.</summary>
    [CommandOption("-o|--output <PNG>")]
    [Description("Also draw the images in a row, each titled with its predicted label and file name, to this PNG.")]
    public string? Output { get; init; }

    /// <summary>How images are fitted to the model's input.</summary>
    [CommandOption("--resize <MODE>")]
    [Description("stretch (default, as Keras load_img) or shorter-side+center-crop.")]
    [DefaultValue("stretch")]
    public string Resize { get; init; } = "stretch";

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Images.Length == 0) return ValidationResult.Error("classify needs at least one image file");
        if (Top < 1) return ValidationResult.Error("--top must be at least 1");
        if (!ResizeModes.Names.Contains(Resize.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--resize must be one of {string.Join(", ", ResizeModes.Names)}, not '{Resize}'");
        if (Output is not null && !Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"-o writes a PNG; name it .png, not '{Output}'");
        return base.Validate();
    }
}
