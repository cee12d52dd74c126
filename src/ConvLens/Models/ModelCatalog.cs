namespace ConvLens.Models;

/// <summary>
/// Turns what a user passes as <c>--model</c> into a file: a path, or the name of a model that ships with
/// ConvLens (<c>resnet18-featurizer</c>, the default: CNTK's ImageNet ResNet18 from the MIT-licensed
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 package, copied next to the library at build time).
/// </summary>
public static class ModelCatalog
{
    /// <summary>The embedded default model's name.</summary>
    public const string DefaultModel = "resnet18-featurizer";

    private static readonly Dictionary<string, string> BuiltIn = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultModel] = "resnet18-featurizer.onnx",
    };

    /// <summary>Names of the models that ship with ConvLens.</summary>
    public static IEnumerable<string> BuiltInNames => BuiltIn.Keys;

    /// <summary>The file for a path or a built-in name.</summary>
    /// <exception cref="ConvLensException">Neither a file nor a known name.</exception>
    public static string Resolve(string pathOrName)
    {
        if (File.Exists(pathOrName)) return Path.GetFullPath(pathOrName);
        if (BuiltIn.TryGetValue(pathOrName, out var file))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "models", file);
            if (File.Exists(path)) return path;
            throw new ConvLensException($"the built-in model '{pathOrName}' should be at '{path}' but is missing; rebuild ConvLens (dotnet build) to restore it");
        }
        if (Directory.Exists(pathOrName)) throw new ConvLensException($"'{pathOrName}' is a folder; --model takes an .onnx file or one of: {string.Join(", ", BuiltIn.Keys)}");
        throw new ConvLensException($"model '{pathOrName}' is neither an existing file nor a built-in model ({string.Join(", ", BuiltIn.Keys)})");
    }
}
