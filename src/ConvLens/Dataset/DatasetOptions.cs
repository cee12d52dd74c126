using ConvLens.Imaging;

namespace ConvLens.Dataset;

/// <summary>How <see cref="DatasetExamples"/> reads a dataset and where it keeps what it computed.</summary>
public sealed record DatasetOptions
{
    /// <summary>
    /// The SQLite index file; null runs without one (every image is computed, nothing is kept: <c>--no-cache</c>).
    /// <see cref="ActivationIndex.DefaultPath"/> gives the default location.
    /// </summary>
    public string? IndexPath { get; init; }

    /// <summary>Which part of the dataset this run covers.</summary>
    public DatasetShard Shard { get; init; } = DatasetShard.All;

    /// <summary>How images are decoded and fitted to the model (the resize mode is part of the index key).</summary>
    public ImageLoadOptions Images { get; init; } = new();

    /// <summary>Images per forward pass (models with a fixed batch use theirs).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Threads decoding and resizing images while the engine runs.</summary>
    public int DecodeThreads { get; init; } = DefaultDecodeThreads;

    /// <summary>Also run the classifier, when the model has one, and keep each image's predicted class.</summary>
    public bool PredictClasses { get; init; } = true;

    /// <summary>
    /// Half the cores, at least 1 and at most 8: ONNX Runtime's threads take the other half, and decoding
    /// a photo costs a fraction of a forward pass, so more decoders would only steal the engine's cores.
    /// </summary>
    public static int DefaultDecodeThreads => Math.Clamp(Environment.ProcessorCount / 2, 1, 8);
}
