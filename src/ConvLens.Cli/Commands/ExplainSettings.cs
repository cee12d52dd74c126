using System.ComponentModel;
using ConvLens.Attribution;
using ConvLens.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens explain</c>.</summary>
public sealed class ExplainSettings : ModelSettings
{
    /// <summary>The images to explain.</summary>
    [CommandArgument(0, "<IMAGES>")]
    [Description("Image files (JPEG, PNG, WebP, BMP, GIF), any size and aspect ratio.")]
    public string[] Images { get; init; } = [];

    /// <summary>The attribution method.</summary>
    [CommandOption("--method <METHOD>")]
    [Description("gradcam (default), gradcam++, layercam, scorecam, eigencam, saliency, smoothgrad, ig or guided.")]
    [DefaultValue("gradcam")]
    public string Method { get; init; } = "gradcam";

    /// <summary>The class to explain; default the top prediction.</summary>
    [CommandOption("--class <K>")]
    [Description("Class index to explain (default: each image's top prediction). Needs a model with a classifier.")]
    public int? Class { get; init; }

    /// <summary>The layer of a channel target.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Explain a channel instead of a class: its layer (with --channel).")]
    public string? Layer { get; init; }

    /// <summary>The channel of a channel target.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Explain this channel's mean activation (with --layer).")]
    public int? Channel { get; init; }

    /// <summary>The layer CAM methods read.</summary>
    [CommandOption("--cam-layer <LAYER>")]
    [Description("Layer the CAM methods read (default: the last convolution before the target).")]
    public string? CamLayer { get; init; }

    /// <summary>Where the overlays go.</summary>
    [CommandOption("-o|--output <DIR>")]
    [Description("Folder for the overlay PNGs, one per image: NAME.METHOD.png (default: the current folder).")]
    [DefaultValue(".")]
    public string Output { get; init; } = ".";

    /// <summary>Inputs per run for multi-pass methods.</summary>
    [CommandOption("--batch-size <B>")]
    [Description("Inputs per run for Score-CAM, SmoothGrad and IG; bounds memory (default 16).")]
    [DefaultValue(16)]
    public int BatchSize { get; init; } = 16;

    /// <summary>The overlay's colormap.</summary>
    [CommandOption("--colormap <NAME>")]
    [Description("viridis, coolwarm, jet (default), magma or gray.")]
    [DefaultValue("jet")]
    public string Colormap { get; init; } = "jet";

    /// <summary>The overlay's opacity.</summary>
    [CommandOption("--alpha <A>")]
    [Description("Opacity of the heatmap over the image, 0..1 (default 0.5).")]
    [DefaultValue(0.5)]
    public double Alpha { get; init; } = 0.5;

    /// <summary>Append a colorbar to each overlay.</summary>
    [CommandOption("--colorbar")]
    [Description("Add a colorbar right of each overlay (the overlay itself keeps the image's size).")]
    public bool Colorbar { get; init; }

    /// <summary>How images are fitted to the model's input.</summary>
    [CommandOption("--resize <MODE>")]
    [Description("stretch (default) or shorter-side+center-crop; the overlay covers what the model saw.")]
    [DefaultValue("stretch")]
    public string Resize { get; init; } = "stretch";

    /// <summary>SmoothGrad's samples.</summary>
    [CommandOption("--samples <N>")]
    [Description("SmoothGrad: noisy copies averaged (default 50).")]
    [DefaultValue(50)]
    public int Samples { get; init; } = 50;

    /// <summary>SmoothGrad's noise level.</summary>
    [CommandOption("--noise <F>")]
    [Description("SmoothGrad: noise deviation as a fraction of the image's range (default 0.15).")]
    [DefaultValue(0.15)]
    public double Noise { get; init; } = 0.15;

    /// <summary>IG's steps.</summary>
    [CommandOption("--steps <N>")]
    [Description("Integrated Gradients: points on the path (default 64).")]
    [DefaultValue(64)]
    public int Steps { get; init; } = 64;

    /// <summary>IG's baseline.</summary>
    [CommandOption("--baseline <B>")]
    [Description("Integrated Gradients: black (default), blur, noise, or an image file.")]
    [DefaultValue("black")]
    public string Baseline { get; init; } = "black";

    /// <summary>Seed of the random noise.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of SmoothGrad's and the noise baseline's noise (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Images.Length == 0) return ValidationResult.Error("explain needs at least one image file");
        if (!AttributionMethods.Names.Contains(Method.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--method must be one of {string.Join(", ", AttributionMethods.Names)}, not '{Method}'");
        if (Layer is null != Channel is null) return ValidationResult.Error("--layer and --channel go together: they name the channel to explain");
        if (Class is not null && Channel is not null) return ValidationResult.Error("--class and --layer/--channel are two targets: give one");
        if (Class is < 0) return ValidationResult.Error("--class must be 0 or more");
        if (CamLayer is not null && !AttributionMethods.IsCam(Method)) return ValidationResult.Error($"--cam-layer applies to the CAM methods, not {Method}");
        if (BatchSize < 1) return ValidationResult.Error("--batch-size must be at least 1");
        if (!(Alpha >= 0 && Alpha <= 1)) return ValidationResult.Error("--alpha must be between 0 and 1");
        if (!Colormaps.Names.Contains(Colormap.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--colormap must be one of {string.Join(", ", Colormaps.Names)}, not '{Colormap}'");
        if (!ResizeModes.Names.Contains(Resize.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--resize must be one of {string.Join(", ", ResizeModes.Names)}, not '{Resize}'");
        if (Samples < 1) return ValidationResult.Error("--samples must be at least 1");
        if (!(Noise >= 0) || double.IsInfinity(Noise)) return ValidationResult.Error("--noise must be 0 or more");
        if (Steps < 1) return ValidationResult.Error("--steps must be at least 1");
        return base.Validate();
    }
}
