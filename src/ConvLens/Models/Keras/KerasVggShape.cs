namespace ConvLens.Models.Keras;

/// <summary>
/// The VGG a Keras weight file holds, read off its layer names and a few dataset shapes: VGG19 when
/// <c>block5_conv4</c> has weights, else VGG16; with the top when <c>fc1</c>, <c>fc2</c> or
/// <c>predictions</c> has weights. The width divisor comes from <c>block1_conv1</c>'s output channels
/// (64 in every published file; narrower files of the same topology load too), the image size from
/// <c>fc1</c>'s inputs (224 for the published files; 224 for files without the top, which accept any
/// size but are built at Keras's default), and the classes from the <c>predictions</c> bias. Every other
/// shape is then checked against the architecture these imply, layer by layer, as the weights are read.
/// </summary>
/// <param name="Variant">VGG16 or VGG19.</param>
/// <param name="IncludeTop">Whether the file has the fully connected top.</param>
/// <param name="WidthDivisor">Full width divided by the file's width (1 for the published files).</param>
/// <param name="ImageSize">Input height and width.</param>
/// <param name="Classes">Outputs of <c>predictions</c>.</param>
internal sealed record KerasVggShape(VggVariant Variant, bool IncludeTop, int WidthDivisor, int ImageSize, int Classes)
{
    /// <summary>Image size of Keras's VGG when nothing in the file says otherwise.</summary>
    public const int DefaultImageSize = 224;

    /// <summary>The names of the fully connected top's layers.</summary>
    public static readonly string[] TopLayers = ["fc1", "fc2", "predictions"];

    /// <summary>The architecture's display name, e.g. VGG19.</summary>
    public string DisplayName => Name(Variant);

    /// <summary>Infers the architecture, or checks <paramref name="forced"/> against the file's layers.</summary>
    /// <exception cref="ConvLensException">The layers are not those of VGG16 or VGG19 (or of <paramref name="forced"/>).</exception>
    public static KerasVggShape Infer(KerasWeightFile file, VggVariant? forced)
    {
        var weighted = file.WeightedLayers.ToList();
        if (!file.Weights.ContainsKey("block1_conv1"))
        {
            var found = weighted.Count == 0 ? "it has no layers with weights"
                : $"its layers with weights are {Preview(weighted)}";
            throw new ConvLensException($"'{file.Path}' is not a Keras VGG16/VGG19 weight file: it has no layer 'block1_conv1' ({found})");
        }
        var variant = forced ?? (file.Weights.ContainsKey("block5_conv4") ? VggVariant.Vgg19 : VggVariant.Vgg16);
        bool includeTop = TopLayers.Any(file.Weights.ContainsKey);
        var expected = ConvLayers(variant).Concat(includeTop ? TopLayers : []).ToList();
        var missing = expected.Where(l => !file.Weights.ContainsKey(l)).ToList();
        var extra = weighted.Where(l => !expected.Contains(l)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var problem = missing.Count > 0
                ? $"it has no weights for layer{Plural(missing)} {Preview(missing)} of {Name(variant)}"
                : $"it has weights for layer{Plural(extra)} {Preview(extra)} that {Name(variant)} does not have";
            throw new ConvLensException($"'{file.Path}' does not match {Name(variant)}{(forced is null ? "" : " (--arch)")}: {problem}{Hint(file, variant, forced)}");
        }

        int widthDivisor = InferWidthDivisor(file);
        int imageSize = DefaultImageSize, classes = 1000;
        if (includeTop)
        {
            imageSize = InferImageSize(file, widthDivisor);
            if (Bias(file, "predictions") is { } bias) classes = (int)Math.Max(1, bias);
        }
        return new KerasVggShape(variant, includeTop, widthDivisor, imageSize, classes);
    }

    /// <summary>The convolution layers of a variant, in order.</summary>
    public static IEnumerable<string> ConvLayers(VggVariant variant)
    {
        var depths = VggArchitecture.BlockDepths(variant);
        for (int block = 1; block <= depths.Length; block++)
            for (int k = 1; k <= depths[block - 1]; k++)
                yield return $"block{block}_conv{k}";
    }

    /// <summary>Display name of a variant.</summary>
    public static string Name(VggVariant variant) => variant == VggVariant.Vgg19 ? "VGG19" : "VGG16";

    private static string Hint(KerasWeightFile file, VggVariant variant, VggVariant? forced)
    {
        if (forced is null) return "";
        var other = variant == VggVariant.Vgg19 ? VggVariant.Vgg16 : VggVariant.Vgg19;
        // VGG16's convolutions are a subset of VGG19's: VGG16 fits only when block5_conv4 is absent.
        bool otherFits = ConvLayers(other).All(file.Weights.ContainsKey) && (other == VggVariant.Vgg19 || !file.Weights.ContainsKey("block5_conv4"));
        return otherFits ? $"; its layers are those of {Name(other)} (use --arch {other.ToString().ToLowerInvariant()}, or leave --arch out)" : "";
    }

    /// <summary>
    /// 64 over <c>block1_conv1</c>'s output channels when that divides evenly; otherwise 1, so that the
    /// shape check reports the layer against the full-width architecture.
    /// </summary>
    private static int InferWidthDivisor(KerasWeightFile file)
    {
        var kernel = file.Weights["block1_conv1"][0];
        if (kernel.Dims.Length != 4) return 1;
        long outputs = kernel.Dims[3];
        int full = VggArchitecture.BlockChannels[0];
        return outputs > 0 && outputs <= full && full % outputs == 0 ? (int)(full / outputs) : 1;
    }

    /// <summary>
    /// The size S for which <c>fc1</c>'s inputs equal block 5's channels × (S/32)²; Keras's default when
    /// no such S exists, so that the shape check reports <c>fc1</c>.
    /// </summary>
    private static int InferImageSize(KerasWeightFile file, int widthDivisor)
    {
        var kernel = file.Weights["fc1"][0];
        if (kernel.Dims.Length != 2) return DefaultImageSize;
        long channels = Math.Max(1, VggArchitecture.BlockChannels[^1] / widthDivisor);
        long rows = kernel.Dims[0];
        if (rows <= 0 || rows % channels != 0) return DefaultImageSize;
        long cells = rows / channels;
        long side = (long)Math.Round(Math.Sqrt(cells));
        return side >= 1 && side * side == cells && side <= 64 ? (int)side * 32 : DefaultImageSize;
    }

    private static long? Bias(KerasWeightFile file, string layer) =>
        file.Weights[layer] is { Count: >= 2 } weights && weights[1].Dims.Length == 1 ? weights[1].Dims[0] : null;

    private static string Plural(List<string> names) => names.Count == 1 ? "" : "s";

    private static string Preview(IReadOnlyList<string> names) =>
        names.Count <= 8 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(8))}, … ({names.Count} in all)";
}
