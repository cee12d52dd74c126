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

    /// <summary>The file for a path, a built-in name or the name of fetchable weights (<c>vgg19</c>).</summary>
    /// <param name="pathOrName">What the user passed.</param>
    /// <param name="cacheDirectory">The model cache; null for the default (<see cref="ModelCache"/>).</param>
    /// <exception cref="ConvLensException">Neither a file nor a known name, or named weights not fetched yet (the message gives the fetch command).</exception>
    public static string Resolve(string pathOrName, string? cacheDirectory = null)
    {
        if (File.Exists(pathOrName)) return Path.GetFullPath(pathOrName);
        if (BuiltIn.TryGetValue(pathOrName, out var file))
        {
            var path = Path.Combine(AppContext.BaseDirectory, "models", file);
            if (File.Exists(path)) return path;
            throw new ConvLensException($"the built-in model '{pathOrName}' should be at '{path}' but is missing; rebuild ConvLens (dotnet build) to restore it");
        }
        if (ModelCache.IsModelName(pathOrName)) return new ModelCache(cacheDirectory).Resolve(pathOrName);
        if (Directory.Exists(pathOrName)) throw new ConvLensException($"'{pathOrName}' is a folder; --model takes an .onnx file or one of: {string.Join(", ", BuiltIn.Keys)}");
        throw new ConvLensException($"model '{pathOrName}' is neither an existing file, a built-in model ({string.Join(", ", BuiltIn.Keys)}) nor fetchable weights ({string.Join(", ", KnownWeights.All.Select(w => w.Name))})");
    }
}
