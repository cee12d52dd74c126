namespace ConvLens.Graph;

/// <summary>
/// Writes the negative <c>axes</c> of Resize (opset 18 and later) as non-negative ones. ONNX allows both,
/// but ONNX Runtime 1.31's kernel, given negative axes with <c>keep_aspect_ratio_policy</c> not_larger or
/// not_smaller, returns its input unresized while its shape inference resizes it (measured: a 4×4 input,
/// sizes 6×5 on axes −2, −1 gives 4×4 from the kernel and 5×5 by inference); with the same axes counted from
/// the start both give the 5×5 the spec defines, and ConvLens, which sizes buffers from inferred shapes, runs.
/// </summary>
internal static class ResizeAxesRewriter
{
    /// <summary>Rewrites every such Resize of <paramref name="model"/> in place; infers shapes first when an input's rank is unknown.</summary>
    /// <exception cref="ConvLensException">The rank of a Resize input cannot be inferred, or an axis lies outside it.</exception>
    public static void Rewrite(OnnxModel model)
    {
        var graph = model.Graph;
        var resizes = graph.Nodes.Where(n => n.Domain.Length == 0 && n.OpType == "Resize" && n.Ints("axes") is { } axes && axes.Any(a => a < 0)).ToList();
        if (resizes.Count == 0) return;
        if (resizes.Any(n => graph.ShapeOf(n.Inputs[0]) is null)) ShapeInference.Infer(model);
        foreach (var node in resizes)
        {
            int rank = graph.ShapeOf(node.Inputs[0])?.Rank
                ?? throw new ConvLensException($"'{model.Source}': the rank of '{node.Inputs[0]}', input of {node}, is not known, so its negative axes cannot be resolved");
            var axes = node.Ints("axes")!;
            if (axes.Any(a => a < -rank || a >= rank))
                throw new ConvLensException($"'{model.Source}': {node} resizes axes [{string.Join(", ", axes)}], outside the rank {rank} of '{node.Inputs[0]}'");
            node.With("axes", axes.Select(a => a < 0 ? a + rank : a).ToArray());
        }
    }
}
