using System.Globalization;
using ConvLens.Runtime;

namespace ConvLens.Visualization.Objectives;

/// <summary>
/// A layer and some of its channels, as users write them: <c>block3_conv2:16</c>, <c>conv2:0-7</c>,
/// <c>conv2:1,5,9</c> (ranges and lists mix: <c>conv2:0-3,8</c>). The one place these strings are parsed.
/// </summary>
/// <param name="Layer">The layer name or alias.</param>
/// <param name="Channels">The channels, in the order written, without repeats.</param>
public sealed record ChannelSelection(string Layer, IReadOnlyList<int> Channels)
{
    private const int MaxChannels = 65536;

    private const string Forms = "C, A-B or A,B,C (for example 16, 0-7 or 1,5,9)";

    /// <summary>Parses <c>layer:channels</c>; the last colon splits, so layer names may contain colons.</summary>
    /// <exception cref="ConvLensException">The text has no colon, no layer, or bad channels.</exception>
    public static ChannelSelection Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0)
            throw new ConvLensException($"'{text}' is not a layer:channel selection; write layer:C, layer:A-B or layer:A,B,C (for example block3_conv2:16)");
        return Parse(text[..colon], text[(colon + 1)..]);
    }

    /// <summary>Parses the channels of <paramref name="layer"/> from <paramref name="channels"/>.</summary>
    /// <exception cref="ConvLensException">No layer, or bad channels.</exception>
    public static ChannelSelection Parse(string layer, string channels)
    {
        if (string.IsNullOrWhiteSpace(layer))
            throw new ConvLensException($"the channel selection ':{channels}' names no layer; write layer:channels, for example block3_conv2:16");
        return new ChannelSelection(layer.Trim(), ParseChannels(channels, layer.Trim()));
    }

    /// <summary>Parses <c>C</c>, <c>A-B</c>, <c>A,B,C</c> or a comma list of those.</summary>
    /// <exception cref="ConvLensException">Empty, not a number, negative, a reversed range, or a repeat.</exception>
    public static IReadOnlyList<int> ParseChannels(string text, string? layer = null)
    {
        string where = layer is null ? "" : $" of layer '{layer}'";
        var channels = new List<int>();
        var seen = new HashSet<int>();
        if (string.IsNullOrWhiteSpace(text))
            throw new ConvLensException($"no channels given{where}; write {Forms}");
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            int dash = part.IndexOf('-', 1 < part.Length ? 1 : 0);
            var (first, last) = dash > 0
                ? (Number(part[..dash], part), Number(part[(dash + 1)..], part))
                : (Number(part, part), Number(part, part));
            if (last < first)
                throw new ConvLensException($"channel range '{part}'{where} runs backwards; write the smaller channel first ({last}-{first})");
            // No layer has this many channels; refusing early avoids building a huge list from a typo.
            if (last - first >= MaxChannels)
                throw new ConvLensException($"channel range '{part}'{where} selects {(long)last - first + 1} channels; at most {MaxChannels} at once");
            for (int c = first; c <= last; c++)
                if (!seen.Add(c)) throw new ConvLensException($"channel {c} appears twice in '{text}'{where}");
                else channels.Add(c);
        }
        return channels;

        int Number(string token, string part)
        {
            if (!int.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw new ConvLensException($"'{part}' in '{text}'{where} is not a channel; channels are whole numbers from 0, written {Forms}");
            return value;
        }
    }

    /// <summary>Checks the layer exists in <paramref name="network"/> and has every channel.</summary>
    /// <exception cref="ConvLensException">No such layer (closest names listed), no channel axis, or a channel out of range.</exception>
    public ChannelSelection Validate(Network network)
    {
        var layer = network.Layers.Resolve(Layer);
        int count = layer.Channels ?? throw new ConvLensException($"layer '{Layer}' ({layer.Value}) has shape {layer.Shape?.ToString() ?? "unknown"}: no channel axis to select from");
        var outside = Channels.Where(c => c >= count).ToArray();
        if (outside.Length > 0)
            throw new ConvLensException($"layer '{Layer}' has channels 0..{count - 1}; {(outside.Length == 1 ? "channel" : "channels")} {string.Join(", ", outside.Take(5))}{(outside.Length > 5 ? ", ..." : "")} {(outside.Length == 1 ? "is" : "are")} out of range");
        return this;
    }

    /// <summary>The label of one channel, <c>layer:channel</c>.</summary>
    public string Label(int channel) => $"{Layer}:{channel}";

    /// <summary>The selection written back in compact form (<c>conv2:0-3,8</c>).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        for (int i = 0; i < Channels.Count;)
        {
            int j = i;
            while (j + 1 < Channels.Count && Channels[j + 1] == Channels[j] + 1) j++;
            parts.Add(j > i ? $"{Channels[i]}-{Channels[j]}" : $"{Channels[i]}");
            i = j + 1;
        }
        return $"{Layer}:{string.Join(",", parts)}";
    }
}
