using System.ComponentModel;
using ConvLens.Dataset;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens index</c>.</summary>
public sealed class IndexSettings : DatasetSettings
{
    /// <summary>Which part of the dataset to compute.</summary>
    [CommandOption("--shard <I/N>")]
    [Description("Compute only shard I of N (0 <= I < N), a fixed split by path hash; merge the shards' --db files with `index merge`.")]
    public string? Shard { get; init; }

    /// <summary>The parsed shard.</summary>
    public DatasetShard ShardValue => Shard is null ? DatasetShard.All : DatasetShard.Parse(Shard);

    /// <inheritdoc />
    protected override DatasetShard PassShard => ShardValue;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Shard is not null)
        {
            try { DatasetShard.Parse(Shard); }
            catch (ConvLensException e) { return ValidationResult.Error(e.Message); }
        }
        return base.Validate();
    }
}
