using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens demo</c>.</summary>
public sealed class DemoSettings : ModelSettings
{
    /// <summary>The output folder.</summary>
    [CommandOption("-o|--output <DIR>")]
    [Description("Folder of the report (index.html), its PNGs and the demo dataset (default convlens-demo).")]
    [DefaultValue("convlens-demo")]
    public string Output { get; init; } = "convlens-demo";

    /// <summary>The photographs.</summary>
    [CommandOption("--samples <DIR>")]
    [Description("Folder of photographs (default: the samples/ bundled with ConvLens).")]
    public string? Samples { get; init; }

    /// <summary>One HTML file.</summary>
    [CommandOption("--single-file")]
    [Description("Write one HTML file with every image embedded.")]
    public bool SingleFile { get; init; }

    /// <summary>A fast smoke run.</summary>
    [CommandOption("--quick")]
    [Description("A fast smoke run: the photographs without crops, few optimisation steps, a one-layer circuit.")]
    public bool Quick { get; init; }

    /// <summary>The layer, instead of the demo's choice.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer to study (default: chosen by the demo, which says how on the page).")]
    public string? Layer { get; init; }

    /// <summary>The channel, instead of the demo's choice.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Channel to study (default: the layer's most selective channel on the demo images).")]
    public int? Channel { get; init; }

    /// <summary>Seed of every visualization.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of every feature visualization (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Channel is < 0) return ValidationResult.Error("--channel must be 0 or more");
        return base.Validate();
    }
}
