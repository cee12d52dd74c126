namespace ConvLens.Graph;

/// <summary>Constant folding of shape arithmetic (pending).</summary>
public static class ConstantFolder
{
    /// <summary>Replaces nodes whose inputs are all constant by initializers.</summary>
    public static void Fold(OnnxModel model) { }
}
