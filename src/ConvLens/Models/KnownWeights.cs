namespace ConvLens.Models;

/// <summary>
/// A weight file ConvLens can fetch by name: the official Keras Applications release files, with the
/// addresses and <c>file_hash</c> values that Keras itself uses (keras/src/applications/vgg16.py and
/// vgg19.py), so a file fetched here is byte-identical to the one <c>VGG19(weights='imagenet')</c> loads.
/// </summary>
/// <param name="Name">Cache name: <c>vgg19</c>, <c>vgg19_notop</c>, <c>vgg16</c>, <c>vgg16_notop</c>.</param>
/// <param name="Architecture">The network: <c>vgg19</c> or <c>vgg16</c>.</param>
/// <param name="IncludeTop">Whether the file holds the fully connected top (fc1, fc2, predictions).</param>
/// <param name="FileName">Keras's file name, also the name in the cache.</param>
/// <param name="Url">The official download address.</param>
/// <param name="FileHash">Keras's published hash: MD5 (32 hex digits) or SHA-256 (64).</param>
/// <param name="ApproximateBytes">Size of the file, for messages before a download starts.</param>
public sealed record KnownWeights(string Name, string Architecture, bool IncludeTop, string FileName, string Url, string FileHash, long ApproximateBytes)
{
    private const string Release = "https://storage.googleapis.com/tensorflow/keras-applications";

    /// <summary>Every fetchable weight file.</summary>
    public static IReadOnlyList<KnownWeights> All { get; } =
    [
        Keras("vgg19", includeTop: true, "cbe5617147190e668d6c5d5026f83318", 574_710_816),
        Keras("vgg19", includeTop: false, "253f8cb515780f3b799900260a226db6", 80_134_624),
        Keras("vgg16", includeTop: true, "64373286793e3c8b2b4e3219cbf3544b", 553_467_096),
        Keras("vgg16", includeTop: false, "6d6bbae143d832006294945121d1f1fc", 58_889_256),
    ];

    /// <summary>The command that installs this file, e.g. <c>convlens fetch vgg19 --notop</c>.</summary>
    public string FetchCommand => $"convlens fetch {Architecture}{(IncludeTop ? "" : " --notop")}";

    /// <summary>
    /// The weights called <paramref name="name"/> (<c>vgg19</c>, <c>vgg19_notop</c> or <c>vgg19-notop</c>,
    /// any case), or null.
    /// </summary>
    public static KnownWeights? Find(string name)
    {
        var normalized = name.Trim().Replace('-', '_');
        return All.FirstOrDefault(w => string.Equals(w.Name, normalized, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The weights of <paramref name="architecture"/> with or without the top.</summary>
    /// <exception cref="ConvLensException">Unknown architecture.</exception>
    public static KnownWeights Get(string architecture, bool includeTop)
    {
        var weights = Find(architecture);
        if (weights is null || !weights.Name.Equals(weights.Architecture, StringComparison.Ordinal))
            throw new ConvLensException($"no weights are known for '{architecture}'; known: {string.Join(", ", All.Where(w => w.IncludeTop).Select(w => w.Architecture))}");
        return includeTop ? weights : All.First(w => w.Architecture == weights.Architecture && !w.IncludeTop);
    }

    private static KnownWeights Keras(string architecture, bool includeTop, string md5, long bytes)
    {
        var file = $"{architecture}_weights_tf_dim_ordering_tf_kernels{(includeTop ? "" : "_notop")}.h5";
        return new KnownWeights(includeTop ? architecture : architecture + "_notop", architecture, includeTop, file, $"{Release}/{architecture}/{file}", md5, bytes);
    }
}
