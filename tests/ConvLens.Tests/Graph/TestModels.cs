namespace ConvLens.Tests.Graph;

/// <summary>Where the tests find the real models that ship with the build.</summary>
internal static class TestModels
{
    /// <summary>
    /// The packaged ResNet18 featurizer (opset 8, CNTK export): copied beside the test assembly by the
    /// ConvLens project, else taken from the NuGet package folder it comes from.
    /// </summary>
    public static string ResNet18Path
    {
        get
        {
            var copied = Path.Combine(AppContext.BaseDirectory, "models", "resnet18-featurizer.onnx");
            if (File.Exists(copied)) return copied;
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(packages, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        }
    }
}
