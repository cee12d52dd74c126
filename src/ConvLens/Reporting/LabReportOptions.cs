using ConvLens.Dataset;
using ConvLens.Imaging;
using ConvLens.Visualization;

namespace ConvLens.Reporting;

/// <summary>What a <see cref="LabReport"/> studies and how much work it spends on each part.</summary>
public sealed record LabReportOptions
{
    /// <summary>The layer (name, Keras name or alias).</summary>
    public required string Layer { get; init; }

    /// <summary>The channel of the layer.</summary>
    public required int Channel { get; init; }

    /// <summary>The folder of images ranked for the top-k section.</summary>
    public required string Dataset { get; init; }

    /// <summary>The images classified and explained; empty takes the dataset's top <see cref="ChosenImageCount"/> images.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>How many dataset images stand in for <see cref="Images"/> when none are given.</summary>
    public int ChosenImageCount { get; init; } = 3;

    /// <summary>The folder the page (and its PNGs) is written to.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>One HTML file with every image embedded.</summary>
    public bool SingleFile { get; init; }

    /// <summary>How many top dataset images the page shows.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>The score images are ranked by (the notebook's L2 norm by default).</summary>
    public ChannelScore Score { get; init; } = ChannelScore.L2;

    /// <summary>The activation index file; null ranks without one (every image is computed, nothing kept).</summary>
    public string? IndexPath { get; init; }

    /// <summary>How images are fitted to the model's input.</summary>
    public ImageLoadOptions ImageOptions { get; init; } = new();

    /// <summary>The reference notebook's recipe (its seed included).</summary>
    public NotebookRecipe Notebook { get; init; } = new();

    /// <summary>The modern recipe (its seed included).</summary>
    public ModernRecipe Modern { get; init; } = new();

    /// <summary>The recipe of the circuit's input-channel visualizations (many channels: the cheaper recipe by default).</summary>
    public VisualizationRecipe? CircuitRecipe { get; init; }

    /// <summary>Input channels in the kernel and circuit figures (the notebook's 6).</summary>
    public int KernelTop { get; init; } = 6;

    /// <summary>Layers of the circuit graph below the channel (0 leaves the graph out).</summary>
    public int CircuitDepth { get; init; } = 2;

    /// <summary>Inputs per node below the first layer of the circuit graph.</summary>
    public int CircuitFanout { get; init; } = 3;

    /// <summary>The class to explain when the model has a classifier; null explains each image's top prediction.</summary>
    public int? ExplainClass { get; init; }

    /// <summary>The model as the user named it (for the page and the reproduce command).</summary>
    public string ModelName { get; init; } = "";

    /// <summary>The command that reproduces the report, shown on the page.</summary>
    public string Command { get; init; } = "";

    /// <summary>How the layer and channel were chosen, when the caller chose them (the demo); null when the user named them.</summary>
    public LabReportChannelChoice? Choice { get; init; }

    /// <summary>Work the caller did for this report before running it (the demo's channel choice), shown first in the timing table.</summary>
    public IReadOnlyList<Html.StageTiming> EarlierStages { get; init; } = [];

    /// <summary>The page title; null makes one from the layer and channel.</summary>
    public string? Title { get; init; }
}
