namespace ConvLens.Tests;

/// <summary>Files the tests use: the real ResNet18 that ships with ConvLens, and temporary folders.</summary>
internal static class TestFiles
{
    /// <summary>CNTK's ImageNet ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18), copied to the output by the library's build.</summary>
    public static string ResNet18 => Path.Combine(AppContext.BaseDirectory, "models", "resnet18-featurizer.onnx");

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "convlens-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
