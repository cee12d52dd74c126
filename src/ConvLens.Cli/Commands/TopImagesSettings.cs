using System.ComponentModel;
using ConvLens.Dataset;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens top-images</c>.</summary>
public sealed class TopImagesSettings : DatasetSettings
{
    /// <summary>The channel images are ranked by.</summary>
    [CommandOption("-c|--channel <C>")]
    [Description("Channel of the layer to rank images by.")]
    public int? Channel { get; init; }

    /// <summary>How many images to show.</summary>
    [CommandOption("-k|--top <K>")]
    [Description("Images to show (default 5).")]
    [DefaultValue(5)]
    public int Top { get; init; } = 5;

    /// <summary>How a channel's map becomes one number.</summary>
    [CommandOption("--score <SCORE>")]
    [Description("l2 (default: the L2 norm of the channel's map), mean or max.")]
    [DefaultValue("l2")]
    public string Score { get; init; } = "l2";

    /// <summary>Show the images that excite the channel least.</summary>
    [CommandOption("--bottom")]
    [Description("Show the lowest-scoring images instead.")]
    public bool Bottom { get; init; }

    /// <summary>Where to draw the figure.</summary>
    [CommandOption("-o|--output <PNG>")]
    [Description("Draw the top images with the channel's activation laid over them (coolwarm, alpha 0.5) to this PNG.")]
    public string? Output { get; init; }

    /// <summary>Compute everything, read and write no index.</summary>
    [CommandOption("--no-cache")]
    [Description("Run the model on every image and keep nothing: no index is read or written.")]
    public bool NoCache { get; init; }

    /// <summary>The parsed score.</summary>
    public ChannelScore ScoreKind => ChannelScores.Parse(Score);

    /// <inheritdoc />
    protected override string? PassIndexPath => NoCache ? null : IndexPath;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Channel is null) return ValidationResult.Error("--channel is required");
        if (Channel < 0) return ValidationResult.Error("--channel must be 0 or more");
        if (Top < 1) return ValidationResult.Error("--top must be at least 1");
        if (!ChannelScores.Names.Contains(Score.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--score must be one of {string.Join(", ", ChannelScores.Names)}, not '{Score}'");
        if (Output is not null && !Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"-o writes a PNG; name it .png, not '{Output}'");
        if (NoCache && Db is not null) return ValidationResult.Error("--no-cache reads and writes no index; leave out --db");
        return base.Validate();
    }
}
