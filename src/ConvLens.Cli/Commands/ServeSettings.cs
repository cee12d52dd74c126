using System.ComponentModel;
using System.Net;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens serve</c>.</summary>
public sealed class ServeSettings : ModelSettings
{
    /// <summary>The dataset folder.</summary>
    [CommandOption("-d|--dataset <DIR>")]
    [Description("Folder of images ranked on each channel's page (optional).")]
    public string? Dataset { get; init; }

    /// <summary>The port.</summary>
    [CommandOption("-p|--port <N>")]
    [Description("Port to listen on (default 5117).")]
    [DefaultValue(5117)]
    public int Port { get; init; } = 5117;

    /// <summary>The address.</summary>
    [CommandOption("--host <ADDRESS>")]
    [Description("Address to listen on (default 127.0.0.1: only this machine). Anything else exposes the model and dataset to the network.")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The upload limit.</summary>
    [CommandOption("--max-upload-mb <N>")]
    [Description("Largest image upload in megabytes (default 10).")]
    [DefaultValue(10)]
    public int MaxUploadMegabytes { get; init; } = 10;

    /// <summary>Steps of a channel's visualization.</summary>
    [CommandOption("--steps <N>")]
    [Description("Modern-recipe steps of a channel page's visualization (default 64).")]
    [DefaultValue(64)]
    public int Steps { get; init; } = 64;

    /// <summary>Steps of an atlas tile.</summary>
    [CommandOption("--atlas-steps <N>")]
    [Description("Modern-recipe steps of each atlas tile (default 24).")]
    [DefaultValue(24)]
    public int AtlasSteps { get; init; } = 24;

    /// <summary>The activation index file.</summary>
    [CommandOption("--db <FILE>")]
    [Description("Activation index file (default: a temporary one for this run).")]
    public string? Db { get; init; }

    /// <summary>Seed of every visualization.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of every feature visualization (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Port is < 0 or > 65535) return ValidationResult.Error("--port must be 0..65535");
        if (!IPAddress.TryParse(Host, out _)) return ValidationResult.Error($"--host must be an IP address such as 127.0.0.1, not '{Host}'");
        if (MaxUploadMegabytes < 1) return ValidationResult.Error("--max-upload-mb must be at least 1");
        if (Steps < 1 || AtlasSteps < 1) return ValidationResult.Error("--steps and --atlas-steps must be at least 1");
        return base.Validate();
    }
}
