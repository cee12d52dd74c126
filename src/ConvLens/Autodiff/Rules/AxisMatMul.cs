using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>A gradient multiplied along one axis by a constant matrix (Gather's selection, Resize's interpolation).</summary>
internal static class AxisMatMul
{
    /// <summary>
    /// <paramref name="dy"/> (any rank) contracted along <paramref name="axis"/> with the [rows, columns]
    /// matrix, the axis's rows becoming columns: a right MatMul when it is the last axis, a left MatMul by
    /// the transpose when second to last, else between two Transposes that swap it with the last axis.
    /// </summary>
    public static IEnumerable<Node> Emit(GradientContext c, string dy, int axis, int rank, float[] matrix, long rows, long columns, string output)
    {
        if (axis == rank - 2)
        {
            var transposed = new float[matrix.Length];
            for (long r = 0; r < rows; r++)
                for (long k = 0; k < columns; k++) transposed[k * rows + r] = matrix[r * columns + k];
            yield return c.Op("MatMul", [c.Constant(ConstTensor.FromFloats(transposed, columns, rows)), dy], [output]);
            yield break;
        }
        var weights = c.Constant(ConstTensor.FromFloats(matrix, rows, columns));
        if (axis == rank - 1)
        {
            yield return c.Op("MatMul", [dy, weights], [output]);
            yield break;
        }
        var perm = Enumerable.Range(0, rank).Select(a => (long)a).ToArray();
        (perm[axis], perm[rank - 1]) = (perm[rank - 1], perm[axis]);
        var last = c.Op("Transpose", dy).With("perm", perm);
        var product = c.Op("MatMul", last.Outputs[0], weights);
        yield return last;
        yield return product;
        yield return c.Op("Transpose", [product.Outputs[0]], [output]).With("perm", perm);
    }
}
