namespace ConvLens.Models;

/// <summary>
/// The folder where fetched weight files live: <c>$CONVLENS_HOME/models</c>, by default
/// <c>~/.convlens/models</c>. Files keep Keras's names, so a Keras cache folder can be copied in as is.
/// </summary>
public sealed class ModelCache
{
    /// <summary>Environment variable naming ConvLens's home folder.</summary>
    public const string HomeVariable = "CONVLENS_HOME";

    /// <summary>Opens the cache in <paramref name="directory"/>, or in the default folder when null.</summary>
    public ModelCache(string? directory = null) =>
        Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory() : directory);

    /// <summary>The cache folder (it may not exist yet).</summary>
    public string Directory { get; }

    /// <summary><c>$CONVLENS_HOME/models</c>, or <c>~/.convlens/models</c> when the variable is unset.</summary>
    /// <exception cref="ConvLensException">Neither the variable nor a home folder is set.</exception>
    public static string DefaultDirectory()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
        {
            var user = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(user))
                throw new ConvLensException($"cannot find a home folder for the model cache; set {HomeVariable} to a folder ConvLens may write to");
            home = Path.Combine(user, ".convlens");
        }
        return Path.Combine(home, "models");
    }

    /// <summary>Where <paramref name="weights"/> are (or will be) cached.</summary>
    public string PathOf(KnownWeights weights) => Path.Combine(Directory, weights.FileName);

    /// <summary>True when <paramref name="weights"/> are in the cache.</summary>
    public bool Contains(KnownWeights weights) => File.Exists(PathOf(weights));

    /// <summary>True when <paramref name="name"/> is a fetchable model name (<c>vgg19</c>, <c>vgg16_notop</c>…).</summary>
    public static bool IsModelName(string name) => KnownWeights.Find(name) is not null;

    /// <summary>The cached file of the model called <paramref name="name"/>.</summary>
    /// <exception cref="ConvLensException">
    /// The name is unknown, or the file is not cached: the message gives the exact <c>convlens fetch</c> command.
    /// </exception>
    public string Resolve(string name)
    {
        var weights = KnownWeights.Find(name) ?? throw new ConvLensException(
            $"'{name}' is not a model name ConvLens can fetch; known: {string.Join(", ", KnownWeights.All.Select(w => w.Name))}");
        var path = PathOf(weights);
        if (File.Exists(path)) return path;
        throw new ConvLensException(
            $"the weights of '{weights.Name}' are not in the model cache ({path} is missing); " +
            $"run `{weights.FetchCommand}` to download them ({weights.ApproximateBytes / 1e6:F0} MB), " +
            $"or `{weights.FetchCommand} --from FILE` to install a copy you already have");
    }
}
