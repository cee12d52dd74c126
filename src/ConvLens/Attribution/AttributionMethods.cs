using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Gradients;

namespace ConvLens.Attribution;

/// <summary>The attribution methods by command-line name.</summary>
public static class AttributionMethods
{
    /// <summary>Every method name, CAMs first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["gradcam", "gradcam++", "layercam", "scorecam", "eigencam", "saliency", "smoothgrad", "ig", "guided"];

    /// <summary>True for the methods that read a convolutional layer (and so accept a CAM layer).</summary>
    public static bool IsCam(string name) => Normalize(name) is "gradcam" or "gradcam++" or "layercam" or "scorecam" or "eigencam";

    /// <summary>The method called <paramref name="name"/> (case-insensitive) with <paramref name="options"/>.</summary>
    /// <exception cref="ConvLensException">No method has that name.</exception>
    public static IAttributionMethod Create(string name, AttributionOptions? options = null)
    {
        options ??= new AttributionOptions();
        int batch = options.BatchSize;
        return Normalize(name) switch
        {
            "gradcam" => new GradCam { Layer = options.CamLayer, BatchSize = batch },
            "gradcam++" => new GradCamPlusPlus { Layer = options.CamLayer, BatchSize = batch },
            "layercam" => new LayerCam { Layer = options.CamLayer, BatchSize = batch },
            "scorecam" => new ScoreCam { Layer = options.CamLayer, BatchSize = batch },
            "eigencam" => new EigenCam { Layer = options.CamLayer, BatchSize = batch },
            "saliency" => new Saliency { BatchSize = batch },
            "smoothgrad" => new SmoothGrad { BatchSize = batch, NoiseLevel = options.NoiseLevel, Samples = options.Samples, Seed = options.Seed },
            "ig" => new IntegratedGradients { BatchSize = batch, Steps = options.Steps, Baseline = options.Baseline },
            "guided" => new GuidedBackprop { BatchSize = batch },
            _ => throw new ConvLensException($"unknown attribution method '{name}'; use one of: {string.Join(", ", Names)}"),
        };
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
