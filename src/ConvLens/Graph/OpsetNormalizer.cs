namespace ConvLens.Graph;

/// <summary>Brings models of opset 7–12 to opset 13 form (pending).</summary>
public static class OpsetNormalizer
{
    /// <summary>Rewrites the graph in place to opset 13 form when its opset is lower.</summary>
    public static void Normalize(OnnxModel model) { }
}
