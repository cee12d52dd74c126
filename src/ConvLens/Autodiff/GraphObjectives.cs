using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>Standard non-linear objectives, emitted as ONNX nodes.</summary>
public static class GraphObjectives
{
    /// <summary>Mean of the squared activations of a layer, per batch item (DeepDream's objective).</summary>
    public static GraphObjective MeanSquare(string layerValue) => new($"mean_square({layerValue})", e =>
    {
        int rank = e.RequireShape(layerValue).Rank;
        var square = e.Op("Mul", layerValue, layerValue).Outputs[0];
        return e.ReduceMean(square, Enumerable.Range(1, rank - 1).Select(i => (long)i).ToArray(), keepDims: false);
    });

    /// <summary>
    /// Lucid's diversity term: minus the mean cosine similarity between each batch item's flattened Gram
    /// matrix (channel correlations of the layer) and every other item's. Maximising it pushes the images
    /// of one batch apart in style. Per item; a batch of one scores 0.
    /// </summary>
    public static GraphObjective Diversity(string layerValue) => new($"diversity({layerValue})", e =>
    {
        var shape = e.RequireShape(layerValue);
        if (shape.Rank != 4 || !shape[1].IsKnown)
            throw new ConvLensException($"diversity needs a 4-D layer with a known channel count; '{layerValue}' is {shape}");
        long c = shape[1].Value;
        var flat = e.Op("Reshape", layerValue, e.Constant(ConstTensor.Vector(0, c, -1))).Outputs[0];           // [N, C, HW]
        var flatT = e.Op("Transpose", flat).With("perm", new long[] { 0, 2, 1 }).Outputs[0];                    // [N, HW, C]
        var gram = e.Op("MatMul", flat, flatT).Outputs[0];                                                        // [N, C, C]
        var gramFlat = e.Op("Reshape", gram, e.Constant(ConstTensor.Vector(0, c * c))).Outputs[0];             // [N, C²]
        var sumSquares = e.ReduceSum(e.Op("Mul", gramFlat, gramFlat).Outputs[0], [1], keepDims: true);
        var norm = e.Op("Sqrt", e.Op("Add", sumSquares, e.Constant(ConstTensor.Scalar(1e-12f))).Outputs[0]).Outputs[0];
        var unit = e.Op("Div", gramFlat, norm).Outputs[0];
        var unitT = e.Op("Transpose", unit).With("perm", new long[] { 1, 0 }).Outputs[0];
        var similarity = e.Op("MatMul", unit, unitT).Outputs[0];                                                  // [N, N]
        // Each row holds the item's similarity with itself (1): take it out and average over the others.
        var others = e.Op("Sub", e.ReduceSum(similarity, [1], keepDims: false), e.Constant(ConstTensor.Scalar(1f))).Outputs[0];
        var batch = e.Op("Gather", e.Op("Shape", layerValue).Outputs[0], e.Constant(ConstTensor.FromInt64s([0]))).Outputs[0];
        var batchFloat = e.Op("Cast", batch).With("to", (long)TensorElementType.Float).Outputs[0];
        var count = e.Op("Max", e.Op("Sub", batchFloat, e.Constant(ConstTensor.Scalar(1f))).Outputs[0], e.Constant(ConstTensor.Scalar(1f))).Outputs[0];
        return e.Op("Neg", e.Op("Div", others, count).Outputs[0]).Outputs[0];
    });
}
