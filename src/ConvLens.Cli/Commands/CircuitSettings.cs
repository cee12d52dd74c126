using System.ComponentModel;
using ConvLens.Circuits;
using ConvLens.Visualization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>Options of <c>convlens circuit</c>.</summary>
public sealed class CircuitSettings : KernelsSettings
{
    /// <summary>The feature-visualization recipe.</summary>
    [CommandOption("--recipe <RECIPE>")]
    [Description("Feature visualization recipe: modern (default) or notebook.")]
    [DefaultValue("modern")]
    public string Recipe { get; init; } = "modern";

    /// <summary>Optimisation steps, when not the recipe's own.</summary>
    [CommandOption("--steps <N>")]
    [Description("Visualization steps (default: the recipe's, 96 modern, 40 notebook).")]
    public int? Steps { get; init; }

    /// <summary>Seed of the visualizations.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the visualizations (default 0).")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    /// <summary>Layers below the target.</summary>
    [CommandOption("--depth <D>")]
    [Description("Layers below the target: 1 (default) draws the 2×k figure; 2..4 a layered circuit graph (--format svg or html).")]
    [DefaultValue(1)]
    public int Depth { get; init; } = 1;

    /// <summary>Inputs kept for every node below the target.</summary>
    [CommandOption("--fanout <K>")]
    [Description("Input channels kept for each node below the target (default: --top).")]
    public int? Fanout { get; init; }

    /// <summary>Largest graph drawn.</summary>
    [CommandOption("--max-nodes <N>")]
    [Description("Refuse graphs with more channels than this, each needing a visualization (default 200).")]
    [DefaultValue(200)]
    public int MaxNodes { get; init; } = 200;

    /// <summary>The output format.</summary>
    [CommandOption("--format <FORMAT>")]
    [Description("png (the 2×k figure, depth 1), svg or html (the circuit graph); default: from -o's extension, else png at depth 1 and svg deeper.")]
    public string? Format { get; init; }

    /// <summary>The format to write: explicit, from the output's extension, or png at depth 1 and svg deeper.</summary>
    public string ResolvedFormat => Format?.Trim().ToLowerInvariant()
        ?? (Output is { } o && Path.GetExtension(o).TrimStart('.').ToLowerInvariant() is "png" or "svg" or "html" ? Path.GetExtension(o).TrimStart('.').ToLowerInvariant() : null)
        ?? (Depth == 1 ? "png" : "svg");

    /// <summary>The recipe these options describe.</summary>
    public VisualizationRecipe BuildRecipe()
    {
        VisualizationRecipe recipe = Recipe.Trim().ToLowerInvariant() == "notebook"
            ? new NotebookRecipe { Seed = Seed }
            : new ModernRecipe { Seed = Seed, Threads = Threads ?? Environment.ProcessorCount };
        if (Steps is { } steps) recipe = recipe with { Steps = steps };
        recipe.Validate();
        return recipe;
    }

    /// <summary>The graph options these settings describe.</summary>
    public CircuitGraphOptions GraphOptions => new() { Depth = Depth, Top = Top, Fanout = Fanout, Metric = Metric, MaxNodes = MaxNodes };

    /// <inheritdoc />
    protected override ValidationResult ValidateOutput()
    {
        if (Recipe.Trim().ToLowerInvariant() is not ("modern" or "notebook")) return ValidationResult.Error($"--recipe must be modern or notebook, not '{Recipe}'");
        if (Steps is < 0) return ValidationResult.Error("--steps must be 0 or more");
        if (Depth is < 1 or > CircuitGraphOptions.MaxDepth) return ValidationResult.Error($"--depth must be 1..{CircuitGraphOptions.MaxDepth}, not {Depth}");
        if (Fanout is < 1) return ValidationResult.Error("--fanout must be at least 1");
        if (MaxNodes < 2) return ValidationResult.Error("--max-nodes must be at least 2");
        var format = ResolvedFormat;
        if (format is not ("png" or "svg" or "html")) return ValidationResult.Error($"--format must be png, svg or html, not '{Format}'");
        if (format == "png" && Depth > 1) return ValidationResult.Error($"--depth {Depth} draws a circuit graph: use --format svg or html (png is the one-layer figure)");
        if (Output is not null && !Output.EndsWith("." + format, StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"-o '{Output}' does not end in .{format}, the format being written");
        return ValidationResult.Success();
    }
}
