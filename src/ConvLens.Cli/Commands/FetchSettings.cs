using System.ComponentModel;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens fetch</c>.</summary>
public sealed class FetchSettings : CommandSettings
{
    /// <summary>The model whose weights to fetch.</summary>
    [CommandArgument(0, "<MODEL>")]
    [Description("vgg19 or vgg16 (vgg19_notop and vgg16_notop also work).")]
    public string Name { get; init; } = "";

    /// <summary>Fetch the file without the fully connected top.</summary>
    [CommandOption("--notop")]
    [Description("The convolutional part only (Keras include_top=False).")]
    public bool NoTop { get; init; }

    /// <summary>A mirror URL or a local copy to install instead of the official address.</summary>
    [CommandOption("--from <URL_OR_FILE>")]
    [Description("Install from a mirror URL or a local file instead (its checksum is verified all the same).")]
    public string? From { get; init; }

    /// <summary>The model cache folder.</summary>
    [CommandOption("--cache-dir <DIR>")]
    [Description("Folder of fetched models (default: $CONVLENS_HOME/models, else ~/.convlens/models).")]
    public string? CacheDir { get; init; }

    /// <summary>Print JSON instead of a sentence.</summary>
    [CommandOption("--json")]
    [Description("Print machine-readable JSON (and no progress bar).")]
    public bool Json { get; init; }

    /// <summary>The weight file these settings name.</summary>
    /// <exception cref="ConvLensException">The name is unknown.</exception>
    public KnownWeights Weights
    {
        get
        {
            var named = KnownWeights.Find(Name) ?? throw new ConvLensException(
                $"'{Name}' is not a model ConvLens can fetch; known: {string.Join(", ", KnownWeights.All.Where(w => w.IncludeTop).Select(w => w.Name))} (add --notop for the file without the top)");
            return NoTop ? KnownWeights.Get(named.Architecture, includeTop: false) : named;
        }
    }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("fetch needs a model name: vgg19 or vgg16") : base.Validate();
}
