using System.ComponentModel;
using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options shared by the commands that run a model over a dataset folder (<c>top-images</c>, <c>index</c>).</summary>
public abstract class DatasetSettings : ModelSettings
{
    /// <summary>The layer whose channels are scored.</summary>
    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer whose channels are scored (name or alias, e.g. block3_conv2).")]
    public string Layer { get; init; } = "";

    /// <summary>The dataset folder.</summary>
    [CommandOption("-d|--dataset <DIR>")]
    [Description("Folder of images, read recursively (JPEG, PNG, WebP, BMP, GIF).")]
    public string Dataset { get; init; } = "";

    /// <summary>The index file.</summary>
    [CommandOption("--db <FILE>")]
    [Description("Activation index file (default: $CONVLENS_HOME/index/<folder>-<hash>.db, else under ~/.convlens).")]
    public string? Db { get; init; }

    /// <summary>How images are fitted to the model's input.</summary>
    [CommandOption("--resize <MODE>")]
    [Description("stretch (default, as Keras load_img) or shorter-side+center-crop.")]
    [DefaultValue("stretch")]
    public string Resize { get; init; } = "stretch";

    /// <summary>Images per forward pass.</summary>
    [CommandOption("-b|--batch <N>")]
    [Description("Images per forward pass (default 8).")]
    [DefaultValue(8)]
    public int Batch { get; init; } = 8;

    /// <summary>Threads decoding images while the model runs.</summary>
    [CommandOption("--decode-threads <N>")]
    [Description("Threads decoding and resizing images while the model runs (default: half the cores).")]
    public int? DecodeThreads { get; init; }

    /// <summary>Skip the classifier.</summary>
    [CommandOption("--no-classes")]
    [Description("Do not run the model's classifier (faster when the layer is early); images are stored and shown without a predicted class.")]
    public bool NoClasses { get; init; }

    /// <summary>
    /// How the model is opened for a dataset pass: ONNX Runtime's idle threads do not spin, since they would
    /// take the cores the decoding threads need between operators.
    /// </summary>
    public ModelLoadOptions DatasetLoadOptions => LoadOptions with { Engine = LoadOptions.Engine with { AllowSpinning = false } };

    /// <summary>The dataset options these settings describe.</summary>
    public DatasetOptions BuildDatasetOptions() => new()
    {
        IndexPath = PassIndexPath,
        Shard = PassShard,
        Images = new ImageLoadOptions { Resize = ResizeModes.Parse(Resize) },
        BatchSize = Batch,
        DecodeThreads = DecodeThreads ?? global::ConvLens.Dataset.DatasetOptions.DefaultDecodeThreads,
        PredictClasses = !NoClasses,
    };

    /// <summary>The index file: <c>--db</c>, or the default for the dataset folder.</summary>
    public string IndexPath => Db ?? ActivationIndex.DefaultPath(Dataset);

    /// <summary>The index the pass reads and writes: <see cref="IndexPath"/>, or null to run without one.</summary>
    protected virtual string? PassIndexPath => IndexPath;

    /// <summary>The part of the dataset the pass covers: all of it, unless the command splits the work.</summary>
    protected virtual DatasetShard PassShard => DatasetShard.All;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer)) return ValidationResult.Error("--layer is required (a layer name or alias; `convlens summary` lists them)");
        if (string.IsNullOrWhiteSpace(Dataset)) return ValidationResult.Error("--dataset is required (a folder of images)");
        if (Batch < 1) return ValidationResult.Error("--batch must be at least 1");
        if (DecodeThreads is < 1) return ValidationResult.Error("--decode-threads must be at least 1");
        if (!ResizeModes.Names.Contains(Resize.Trim().ToLowerInvariant()))
            return ValidationResult.Error($"--resize must be one of {string.Join(", ", ResizeModes.Names)}, not '{Resize}'");
        return base.Validate();
    }
}
