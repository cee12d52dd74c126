using ConvLens.Runtime;

namespace ConvLens.Models;

/// <summary>How <see cref="ModelLoader"/> opens a model.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Preprocessing preset name (<c>caffe</c>, <c>torch</c>, <c>tf</c>, <c>resnet18-featurizer</c>, <c>none</c>); null chooses by model.</summary>
    public string? Preprocess { get; init; }

    /// <summary>Architecture of a Keras weight file (<c>vgg16</c>, <c>vgg19</c>); null infers it from the layer names.</summary>
    public string? Architecture { get; init; }

    /// <summary>The runtime options of the network's sessions.</summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>Where named models are cached; null means <c>$CONVLENS_HOME/models</c>, default <c>~/.convlens/models</c>.</summary>
    public string? CacheDirectory { get; init; }
}
