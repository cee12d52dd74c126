using ConvLens.Graph;

namespace ConvLens.Models.Preprocessing;

/// <summary>
/// The preprocessing presets and how a model gets one. A preset is applied by prepending its nodes to the
/// model's graph (see <see cref="Apply"/>): the network then takes RGB pixels 0..255 and can be
/// differentiated with respect to the pixels or to the preprocessed input.
/// </summary>
public static class PreprocessingPresets
{
    /// <summary>Keras VGG16/VGG19 and ResNet50 (<c>mode="caffe"</c>): RGB → BGR, subtract the ImageNet means, no scaling.</summary>
    public const string Caffe = "caffe";

    /// <summary>PyTorch/torchvision (<c>mode="torch"</c>): ÷255, subtract the ImageNet mean, divide by its deviation, RGB.</summary>
    public const string Torch = "torch";

    /// <summary>Keras MobileNet/Inception (<c>mode="tf"</c>): scale to −1…1.</summary>
    public const string Tf = "tf";

    /// <summary>The packaged ResNet18's own preprocessing: RGB → BGR, subtract its 224 × 224 mean image.</summary>
    public const string ResNet18Featurizer = "resnet18-featurizer";

    /// <summary>No preprocessing: the model takes pixels 0..255 as they are.</summary>
    public const string None = "none";

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Caffe, Torch, Tf, ResNet18Featurizer, None];

    /// <summary>The packaged ResNet18's input and output names, by which it is recognised.</summary>
    private const string ResNet18Input = "Input247", ResNet18Output = "Pooling395_Output_0";

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ConvLensException">No such preset (the message lists them), or the ResNet18 mean image cannot be read.</exception>
    public static PreprocessPreset Get(string name) => name.Trim().ToLowerInvariant() switch
    {
        Caffe => new(Caffe, "RGB → BGR, subtract 103.939, 116.779, 123.68 (B, G, R), no scaling",
            rgbToBgr: true, [103.939f, 116.779f, 123.68f], 0, 0, [1f, 1f, 1f]),
        // (x/255 − mean)/std written as (x − 255·mean)/(255·std): one subtraction and one division per value.
        Torch => new(Torch, "÷255, subtract 0.485, 0.456, 0.406, divide by 0.229, 0.224, 0.225 (R, G, B)",
            rgbToBgr: false, [0.485f * 255, 0.456f * 255, 0.406f * 255], 0, 0, [0.229f * 255, 0.224f * 255, 0.225f * 255]),
        Tf => new(Tf, "x / 127.5 − 1, to −1…1",
            rgbToBgr: false, [127.5f, 127.5f, 127.5f], 0, 0, [127.5f, 127.5f, 127.5f]),
        ResNet18Featurizer => FeaturizerPreset(),
        None => new(None, "pixels 0..255 as they are", rgbToBgr: false, [0f, 0f, 0f], 0, 0, [1f, 1f, 1f]),
        _ => throw new ConvLensException($"unknown preprocessing preset '{name}'; valid presets: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// A copy of <paramref name="model"/> that takes RGB pixels 0..255: a new float input (N, 3, H, W)
    /// named <c>pixels</c> feeds the preset's nodes, whose last output carries the model's original input
    /// name, so that value (the preprocessed image) and every layer after it keep their names. The metadata
    /// keys of <see cref="PreprocessMetadata"/> record the preset and both names. Applying the preset a model
    /// already has returns a plain copy.
    /// </summary>
    /// <exception cref="ConvLensException">
    /// The preset is unknown, the model already has a different preset, or its input is not one float
    /// image batch the preset fits (3 channels; 224 × 224 for the mean image).
    /// </exception>
    public static OnnxModel Apply(OnnxModel model, string preset)
    {
        var chosen = Get(preset);
        if (model.Metadata.TryGetValue(PreprocessMetadata.PixelInput, out var pixelInput))
        {
            var applied = model.Metadata.GetValueOrDefault(PreprocessMetadata.Preset, "(unrecorded)");
            if (applied == chosen.Name) return model.Clone();
            throw new ConvLensException($"'{model.Source}' already has the '{applied}' preprocessing in its graph (input '{pixelInput}'); it cannot take '{chosen.Name}' as well");
        }
        return PreprocessGraph.Prepend(model, chosen);
    }

    /// <summary>
    /// The preset a model expects: the one recorded in its metadata (<see cref="PreprocessMetadata.Preset"/>,
    /// which the Keras loader sets), <c>resnet18-featurizer</c> for the packaged ResNet18, else <c>none</c>.
    /// </summary>
    public static string PresetFor(OnnxModel model)
    {
        if (model.Metadata.TryGetValue(PreprocessMetadata.Preset, out var recorded) && recorded.Length > 0) return recorded;
        return IsPackagedResNet18(model.Graph) ? ResNet18Featurizer : None;
    }

    /// <summary>The packaged ResNet18, recognised by its CNTK input name and pooled-feature output.</summary>
    private static bool IsPackagedResNet18(OnnxGraph graph) =>
        graph.Inputs is [{ Name: ResNet18Input }] && graph.Nodes.Any(n => n.Outputs.Contains(ResNet18Output));

    private static PreprocessPreset FeaturizerPreset()
    {
        var (bgr, height, width) = FeaturizerMeanImage.Load();
        return new(ResNet18Featurizer, $"RGB → BGR, subtract the packaged ResNet18's {height} × {width} mean image, no scaling",
            rgbToBgr: true, bgr, height, width, [1f, 1f, 1f]);
    }
}
