using System.Net;

namespace ConvLens.Cli.Explorer;

/// <summary>How the explorer serves and how much work each computation spends.</summary>
public sealed record ExplorerOptions
{
    /// <summary>The address listened on: the loopback address unless asked otherwise, so nothing outside the machine reaches it.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 takes any free one (tests).</summary>
    public int Port { get; init; } = 5117;

    /// <summary>The model as the user named it, for titles.</summary>
    public string ModelName { get; init; } = "";

    /// <summary>The dataset folder, or null for an explorer without top images.</summary>
    public string? Dataset { get; init; }

    /// <summary>The activation index file; null keeps one in a temporary folder for the server's life.</summary>
    public string? IndexPath { get; init; }

    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The largest decoded upload, in pixels (width × height): a small file that claims more is refused before decoding.</summary>
    public long MaxUploadPixels { get; init; } = 40_000_000;

    /// <summary>Modern-recipe steps of a channel page's visualization.</summary>
    public int ChannelSteps { get; init; } = 64;

    /// <summary>Modern-recipe steps of each atlas tile.</summary>
    public int AtlasSteps { get; init; } = 24;

    /// <summary>Channels optimised together for an atlas.</summary>
    public int AtlasBatch { get; init; } = 8;

    /// <summary>Notebook-recipe steps of each circuit input channel.</summary>
    public int CircuitSteps { get; init; } = 24;

    /// <summary>Top dataset images on a channel page.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Input channels in the kernel and circuit figures.</summary>
    public int KernelTop { get; init; } = 6;

    /// <summary>Seed of every visualization.</summary>
    public int Seed { get; init; }
}
