using System.Text.Json;
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
}
