namespace ConvLens.Graph;

/// <summary>
/// Brings a model of default-domain opset 7–12 to opset-13 form in place, so that every later pass
/// (folding, pruning, differentiation) meets one form of each operator: axes of Unsqueeze, Squeeze and
/// ReduceSum and the parameters of Slice, Pad, Clip, Split and TopK as inputs; per-axis Softmax; Resize
/// instead of Upsample; no <c>spatial</c> on BatchNormalization. Each rewrite keeps the values the runtime
/// computes as they were (the tests compare ONNX Runtime's outputs before and after).
/// </summary>
/// <remarks>
/// Models of opset 13–21 keep their opset and their forms: opset 18 moved the axes of every Reduce* to an
/// input, which has no opset-13 spelling, so the forms that differ from 13 to 21 (Reduce* axes, Split's
/// <c>num_outputs</c>, Pad's <c>axes</c>) are read through <see cref="OperatorForms"/> by every pass instead.
/// </remarks>
public static class OpsetNormalizer
{
    /// <summary>Lowest default-domain opset ConvLens reads.</summary>
    public const long MinSupportedOpset = 7;

    /// <summary>Highest default-domain opset ConvLens reads.</summary>
    public const long MaxSupportedOpset = 21;

    /// <summary>The opset whose operator forms the rewritten graph uses.</summary>
    public const long TargetOpset = 13;

    /// <summary>
    /// Rewrites the graph to opset-13 form and sets <see cref="OnnxModel.Opset"/> to 13 when the model's
    /// opset is 7–12; models at 13–21 are left as they are, but for negative Resize axes (see <see cref="ResizeAxesRewriter"/>).
    /// </summary>
    /// <exception cref="ConvLensException">
    /// The opset is outside 7–21, or a node uses a form that has no exact opset-13 equivalent
    /// (BatchNormalization with <c>spatial=0</c>, a Resize-10 mixing up- and down-sampling).
    /// </exception>
    public static void Normalize(OnnxModel model)
    {
        long opset = model.Opset;
        if (opset < MinSupportedOpset || opset > MaxSupportedOpset)
            throw new ConvLensException(
                $"'{model.Source}' uses ONNX opset {opset} of the default domain; ConvLens supports opsets {MinSupportedOpset}–{MaxSupportedOpset}");
        // Opset 18 forms stay as they are (the passes read them through OperatorForms), except negative
        // Resize axes, which the runtime's kernel mishandles.
        if (opset >= 18) ResizeAxesRewriter.Rewrite(model);
        if (opset >= TargetOpset) return;

        // Some rewrites need an input's rank or element type. Shapes are inferred on the graph as the old
        // opset defines it, before anything changes, because a half-rewritten graph is valid in no opset.
        if (model.Graph.Nodes.Any(n => n.Domain.Length == 0 && NeedsValueInfo(model.Graph, n, opset)))
            ShapeInference.Infer(model);

        var rewriter = new OpsetRewriter(model, opset);
        var nodes = model.Graph.Nodes.ToList();
        model.Graph.Nodes.Clear();
        foreach (var node in nodes)
        {
            if (node.Domain.Length == 0) model.Graph.Nodes.AddRange(rewriter.Rewrite(node));
            else model.Graph.Nodes.Add(node);
        }
        model.Opset = TargetOpset;
        // Opset 13 came with IR version 7; older IR versions also treat initializers differently.
        model.IrVersion = Math.Max(model.IrVersion, 7);
    }

    private static bool NeedsValueInfo(OnnxGraph graph, Node node, long opset) => node.OpType switch
    {
        "Softmax" or "LogSoftmax" or "Hardmax" => node.Int("axis", 1) != -1 && graph.ShapeOf(node.Inputs[0]) is null,
        "Pad" => node.Attributes.TryGetValue("value", out var v) && v.Float != 0 && graph.InfoOf(node.Inputs[0]) is null,
        "Clip" => opset < 11 && (node.Attributes.ContainsKey("min") || node.Attributes.ContainsKey("max")) && graph.InfoOf(node.Inputs[0]) is null,
        _ => false,
    };
}
