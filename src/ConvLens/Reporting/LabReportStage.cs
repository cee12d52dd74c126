namespace ConvLens.Reporting;

/// <summary>The stages of a <see cref="LabReport"/>, named as the progress bar and the timing table show them.</summary>
internal static class LabReportStage
{
    public const string Dataset = "dataset index and ranking";
    public const string TopImages = "top images' activation maps";
    public const string Images = "loading the chosen images";
    public const string Classification = "classification";
    public const string Notebook = "feature visualization, notebook recipe";
    public const string Modern = "feature visualization, modern recipe";
    public const string ActivationMaps = "activation maps";
    public const string Kernels = "kernel analysis";
    public const string Circuit = "circuit figure and graph";
    public const string Attribution = "Grad-CAM";
    public const string Page = "figures and page";
}
