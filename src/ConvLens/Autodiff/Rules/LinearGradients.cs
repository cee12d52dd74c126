using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the linear layers. Gemm: gradients of A, B and C as transposed Gemms (no weight
/// copy: the transposition is an attribute), C's reduced over the axes it was broadcast along. MatMul:
/// numpy semantics — 1-D operands are lifted to matrices and dropped again, and the gradient of an operand
/// whose batch axes were broadcast is summed over them here, since MatMul is not registered as broadcasting.
/// </summary>
internal static class LinearGradients
{
    /// <summary>Y = alpha·A'·B' + beta·C with A' = transA ? Aᵀ : A and B' likewise.</summary>
    public static IEnumerable<Node> Gemm(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        float alpha = c.Node.Float("alpha", 1f), beta = c.Node.Float("beta", 1f);
        bool transA = c.Node.Int("transA", 0) != 0, transB = c.Node.Int("transB", 0) != 0;
        string a = c.Input(0), b = c.Input(1);
        // dA' = alpha·dY·B'ᵀ, and dA = dA'ᵀ when A is transposed, i.e. alpha·B'·dYᵀ.
        if (c.NeedsInputGrad(0))
            yield return transA
                ? GemmNode(c, b, dy, transB, true, alpha, c.InputGrad(0))
                : GemmNode(c, dy, b, false, !transB, alpha, c.InputGrad(0));
        // dB' = alpha·A'ᵀ·dY, and dB = dB'ᵀ when B is transposed, i.e. alpha·dYᵀ·A'.
        if (c.NeedsInputGrad(1))
            yield return transB
                ? GemmNode(c, dy, a, true, transA, alpha, c.InputGrad(1))
                : GemmNode(c, a, dy, !transA, false, alpha, c.InputGrad(1));
        if (c.NeedsInputGrad(2))
        {
            var scaled = beta == 1f ? dy : c.Temp("beta_dy");
            if (beta != 1f) yield return c.Op("Mul", [dy, c.Constant(beta)], [scaled]);
            foreach (var node in ReduceToShape(c, scaled, c.OutputShape(0), c.InputShape(2), c.InputGrad(2))) yield return node;
        }
    }

    /// <summary>Y = A·B with numpy semantics; dA = dY·Bᵀ, dB = Aᵀ·dY, each summed over its broadcast batch axes.</summary>
    public static IEnumerable<Node> MatMul(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        var aShape = c.InputShape(0);
        var bShape = c.InputShape(1);
        bool aVector = aShape.Rank == 1, bVector = bShape.Rank == 1;
        // Lift 1-D operands to matrices ([K] → [1, K] for A, [K] → [K, 1] for B) and dY to match.
        var a2 = aVector ? new TensorShape([Dim.Of(1), aShape[0]]) : aShape;
        var b2 = bVector ? new TensorShape([bShape[0], Dim.Of(1)]) : bShape;
        string a = c.Input(0), b = c.Input(1);
        if (aVector) { var n = c.Unsqueeze(a, [0], c.Temp("a2")); yield return n; a = n.Outputs[0]; }
        if (bVector) { var n = c.Unsqueeze(b, [1], c.Temp("b2")); yield return n; b = n.Outputs[0]; }
        var liftAxes = new List<long>();
        int outRank = Math.Max(a2.Rank, b2.Rank);
        if (aVector) liftAxes.Add(outRank - 2);
        if (bVector) liftAxes.Add(outRank - 1);
        if (liftAxes.Count > 0)
        {
            // Unsqueeze wants axes of the result, ascending: both lifted axes are the last two.
            var n = c.Unsqueeze(dy, [.. liftAxes], c.Temp("dy2"));
            yield return n;
            dy = n.Outputs[0];
        }
        var batch = BroadcastBatch(a2, b2);

        if (c.NeedsInputGrad(0))
            foreach (var node in MatMulOperandGrad(c, dy, b, b2.Rank, true, batch, a2, aVector, c.InputGrad(0)))
                yield return node;
        if (c.NeedsInputGrad(1))
            foreach (var node in MatMulOperandGrad(c, a, dy, a2.Rank, false, batch, b2, bVector, c.InputGrad(1)))
                yield return node;
    }

    /// <summary>
    /// dA = dY·Bᵀ (<paramref name="left"/> = dY, <paramref name="right"/> = B, transposing the right) or
    /// dB = Aᵀ·dY (transposing the left); then summed over the batch axes the operand was broadcast along
    /// and, for an operand that was 1-D (<paramref name="lifted"/>), reshaped back to 1-D.
    /// </summary>
    private static IEnumerable<Node> MatMulOperandGrad(GradientContext c, string left, string right, int otherRank,
        bool transposeRight, IReadOnlyList<Dim> batch, TensorShape operandShape, bool lifted, string output)
    {
        var productShape = new TensorShape([.. batch, operandShape[-2], operandShape[-1]]);
        bool reduces = !SameShape(productShape, operandShape);
        string product = reduces || lifted ? c.Temp("product") : output;
        if (otherRank == 2 && productShape.Rank == 2)
        {
            // Plain matrices: Gemm transposes through an attribute, with no transposed copy of the weights.
            yield return transposeRight
                ? GemmNode(c, left, right, false, true, 1f, product)
                : GemmNode(c, left, right, true, false, 1f, product);
        }
        else
        {
            var perm = Enumerable.Range(0, otherRank).Select(i => (long)i).ToArray();
            (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
            var transposed = c.Op("Transpose", transposeRight ? right : left).With("perm", perm);
            yield return transposed;
            yield return transposeRight
                ? c.Op("MatMul", [left, transposed.Outputs[0]], [product])
                : c.Op("MatMul", [transposed.Outputs[0], right], [product]);
        }
        if (!reduces && !lifted) yield break;
        string reduced = product;
        if (reduces)
        {
            reduced = lifted ? c.Temp("reduced") : output;
            foreach (var node in ReduceToShape(c, product, productShape, operandShape, reduced)) yield return node;
        }
        if (lifted) yield return c.Op("Reshape", [reduced, c.Constant(-1L)], [output]);
    }

    /// <summary>The broadcast batch axes of A·B for operands of rank 2 or more (numpy rules, right-aligned).</summary>
    private static List<Dim> BroadcastBatch(TensorShape a, TensorShape b)
    {
        int batchRank = Math.Max(a.Rank, b.Rank) - 2;
        var dims = new List<Dim>();
        for (int i = 0; i < batchRank; i++)
        {
            int ia = i - (batchRank - (a.Rank - 2)), ib = i - (batchRank - (b.Rank - 2));
            Dim? da = ia >= 0 ? a[ia] : null, db = ib >= 0 ? b[ib] : null;
            dims.Add(da is null ? db!.Value : db is null ? da.Value
                : da.Value.IsKnown && da.Value.Value == 1 ? db.Value : da.Value);
        }
        return dims;
    }

    /// <summary>Sums <paramref name="value"/> of shape <paramref name="from"/> over the axes that were broadcast to reach it from <paramref name="to"/>.</summary>
    private static IEnumerable<Node> ReduceToShape(GradientContext c, string value, TensorShape from, TensorShape to, string output)
    {
        int lead = from.Rank - to.Rank;
        var kept = new List<long>();
        for (int axis = lead; axis < from.Rank; axis++)
        {
            var target = to[axis - lead];
            if (target.IsKnown && target.Value == 1 && !(from[axis].IsKnown && from[axis].Value == 1)) kept.Add(axis);
        }
        if (lead == 0 && kept.Count == 0)
        {
            yield return c.Op("Identity", [value], [output]);
            yield break;
        }
        // Axes kept at size 1 first (keepdims), then the leading axes the operand never had (dropped).
        string current = value;
        if (kept.Count > 0)
        {
            var keep = c.ReduceSum(current, [.. kept], keepDims: true, lead > 0 ? c.Temp("summed") : output);
            yield return keep;
            current = keep.Outputs[0];
        }
        if (lead > 0)
            yield return c.ReduceSum(current, Enumerable.Range(0, lead).Select(x => (long)x).ToArray(), keepDims: false, output);
    }

    private static bool SameShape(TensorShape a, TensorShape b) =>
        a.Rank == b.Rank && Enumerable.Range(0, a.Rank).All(i => a[i].SameAs(b[i]));

    private static Node GemmNode(GradientContext c, string a, string b, bool transA, bool transB, float alpha, string output)
    {
        var node = c.Op("Gemm", [a, b], [output]).With("transA", transA ? 1L : 0L).With("transB", transB ? 1L : 0L);
        return alpha == 1f ? node : node.With("alpha", alpha);
    }
}
