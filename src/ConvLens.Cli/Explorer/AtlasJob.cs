using System.Collections.Concurrent;

namespace ConvLens.Cli.Explorer;

/// <summary>A layer's atlas: every channel's visualization, filled in batch by batch in the background.</summary>
internal sealed class AtlasJob
{
    /// <summary>An atlas of <paramref name="channels"/> channels of <paramref name="layer"/>.</summary>
    public AtlasJob(string layer, int channels)
    {
        Layer = layer;
        Channels = channels;
    }

    /// <summary>The layer's display name.</summary>
    public string Layer { get; }

    /// <summary>Channels in the layer.</summary>
    public int Channels { get; }

    /// <summary>Finished tiles (PNG), by channel.</summary>
    public ConcurrentDictionary<int, byte[]> Tiles { get; } = new();

    /// <summary>Final objective of each finished tile.</summary>
    public ConcurrentDictionary<int, double> Objectives { get; } = new();

    /// <summary>Why the atlas stopped early, or null.</summary>
    public string? Error { get; set; }

    /// <summary>The background work.</summary>
    public Task? Work { get; set; }
}
