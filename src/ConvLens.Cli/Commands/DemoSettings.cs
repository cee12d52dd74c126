using System.ComponentModel;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens demo</c>.</summary>
public sealed class DemoSettings : ModelSettings
{
    /// <summary>The layer to study; by default the middle convolution of the network.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer to study (default: the middle convolution).")]
    public string? Layer { get; init; }

    /// <summary>The channel to study.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Channel to study (default 16).")]
    [DefaultValue(16)]
    public int Channel { get; init; } = 16;

    /// <summary>Gradient-ascent steps.</summary>
    [CommandOption("--steps <N>")]
    [Description("Normalised gradient-ascent steps on the input (default 10).")]
    [DefaultValue(10)]
    public int Steps { get; init; } = 10;

    /// <summary>Random seed of the starting image.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the starting noise image (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }
}
