using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConvLens.Cli;

/// <summary>The one JSON style of every <c>--json</c> output: camelCase, indented.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// One object holding the fields of <paramref name="head"/> and then those of <paramref name="tail"/>, so
    /// commands that start their output with the same fields can build those once. C# cannot add fields to an
    /// anonymous object, hence the merge of the serialised trees.
    /// </summary>
    public static string Serialize(object head, object tail)
    {
        var merged = JsonSerializer.SerializeToNode(head, Options)!.AsObject();
        var rest = JsonSerializer.SerializeToNode(tail, Options)!.AsObject();
        foreach (var (name, value) in rest.ToList())
        {
            rest.Remove(name); // a node belongs to one parent: detach it before adding it to the merged object
            merged.Add(name, value);
        }
        return merged.ToJsonString(Options);
    }
}
