namespace ConvLens.Graph;

/// <summary>Static shape inference (pending).</summary>
public static class ShapeInference
{
    /// <summary>Fills <see cref="OnnxGraph.ValueInfos"/> with the shape of every value it can infer.</summary>
    public static void Infer(OnnxModel model) { }
}
