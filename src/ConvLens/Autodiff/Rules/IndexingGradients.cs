using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of operators that copy elements to new places: Gather and GatherElements with constant
/// indices (the gradient goes back to where each element was read, summed where one was read twice),
/// Tile (the copies' gradients summed) and DepthToSpace / SpaceToDepth (the inverse rearrangement).
/// Only standard ONNX operators of opset 13 are emitted; index maps are computed here as constants.
/// </summary>
internal static class IndexingGradients
{
    /// <summary>
    /// Distinct indices: a Gather of dY by the inverse map (positions read by no index take an appended
    /// zero). Repeated indices: a MatMul with the one-hot selection matrix, which sums the repeats.
    /// </summary>
    public static IEnumerable<Node> Gather(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var indices = ConstantIndices(c);
        var dataShape = c.InputShape(0);
        int rank = dataShape.Rank;
        int axis = NormalizeAxis(c, c.Node.Int("axis", 0), rank);
        long size = StaticDim(c, dataShape, axis, c.Input(0));
        var flat = indices.ToInt64s().Select(i => Normalize(c, i, size)).ToArray();
        long count = flat.Length;

        // dY with the index dimensions merged into one axis of `count` elements at `axis`.
        string dy = c.OutputGrad(0)!;
        int indexRank = indices.Dims.Length;
        if (indexRank != 1)
        {
            var merged = indexRank == 0 ? c.Unsqueeze(dy, [axis], c.Temp("merged"))
                : c.Op("Reshape", dy, c.Constant([.. Enumerable.Repeat(0L, axis), count, .. InnerDims(c, dataShape, axis)]));
            yield return merged;
            dy = merged.Outputs[0];
        }

        if (flat.Distinct().Count() == flat.Length)
        {
            var inverse = Enumerable.Repeat(count, (int)size).ToArray();
            for (int k = 0; k < flat.Length; k++) inverse[flat[k]] = k;
            if (count < size)
            {
                var pads = new long[2 * rank];
                pads[rank + axis] = 1;
                var withZero = c.Op("Pad", dy, c.Constant(pads)).With("mode", "constant");
                yield return withZero;
                dy = withZero.Outputs[0];
            }
            yield return c.Op("Gather", [dy, c.Constant(inverse)], [c.InputGrad(0)]).With("axis", (long)axis);
            yield break;
        }

        var oneHot = new float[count * size];
        for (long k = 0; k < count; k++) oneHot[k * size + flat[k]] = 1f;
        foreach (var node in AxisMatMul.Emit(c, dy, axis, rank, oneHot, count, size, c.InputGrad(0))) yield return node;
    }

    /// <summary>
    /// dX[p] = sum of dY[o] over the outputs o read from input position p. The positions are grouped in
    /// layers that read each position at most once; each layer is one Gather from the flattened dY with a
    /// zero appended, and the layers are summed (one layer unless indices repeat).
    /// </summary>
    public static IEnumerable<Node> GatherElements(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var indices = ConstantIndices(c);
        var dataShape = c.InputShape(0);
        if (!dataShape.IsFullyKnown)
            throw new ConvLensException($"cannot differentiate {c.Node}: the shape of '{c.Input(0)}' {dataShape} must be static");
        var dims = dataShape.ToLongs();
        int axis = NormalizeAxis(c, c.Node.Int("axis", 0), dims.Length);
        var raw = indices.ToInt64s();
        var strides = Strides(dims);
        long total = raw.Length;
        var layers = new List<long[]>();
        var depth = new Dictionary<long, int>();
        for (long o = 0; o < total; o++)
        {
            // The output's multi-index, with the axis coordinate replaced by the index, addresses the input.
            long rest = o, position = 0;
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                long coordinate = rest % indices.Dims[a];
                rest /= indices.Dims[a];
                position += (a == axis ? Normalize(c, raw[o], dims[axis]) : coordinate) * strides[a];
            }
            int layer = depth.GetValueOrDefault(position);
            depth[position] = layer + 1;
            if (layer == layers.Count) layers.Add(Enumerable.Repeat(total, (int)dataShape.ElementCount).ToArray());
            layers[layer][position] = o;
        }

        var flatGrad = c.Op("Reshape", c.OutputGrad(0)!, c.Constant(-1L));
        var withZero = c.Op("Pad", flatGrad.Outputs[0], c.Constant(0L, 1L)).With("mode", "constant");
        yield return flatGrad;
        yield return withZero;
        var parts = new List<string>();
        foreach (var layer in layers)
        {
            var output = layers.Count == 1 ? c.InputGrad(0) : c.Temp("layer");
            yield return c.Op("Gather", [withZero.Outputs[0], c.Constant(ConstTensor.FromInt64s(layer, dims))], [output]).With("axis", 0L);
            parts.Add(output);
        }
        if (layers.Count > 1) yield return c.Op("Sum", parts, [c.InputGrad(0)]);
    }

    /// <summary>dY reshaped to [r0, d0, r1, d1, ...] (only axes that repeat are split) and summed over the repeats.</summary>
    public static IEnumerable<Node> Tile(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var repeats = c.ConstantValue(c.Input(1))?.ToInt64s()
            ?? throw new ConvLensException($"cannot differentiate {c.Node}: its repeats '{c.Input(1)}' must be a constant (initializer), not computed at run time");
        var shape = c.InputShape(0);
        if (repeats.All(r => r == 1))
        {
            yield return c.Op("Identity", [c.OutputGrad(0)!], [c.InputGrad(0)]);
            yield break;
        }
        var split = new List<long>();
        var sumAxes = new List<long>();
        int unknown = 0;
        for (int a = 0; a < shape.Rank; a++)
        {
            if (repeats[a] != 1)
            {
                sumAxes.Add(split.Count);
                split.Add(repeats[a]);
            }
            if (!shape[a].IsKnown && ++unknown > 1)
                throw new ConvLensException($"cannot differentiate {c.Node}: '{c.Input(0)}' {shape} has more than one dimension that is not static");
            split.Add(shape[a].IsKnown ? shape[a].Value : -1);
        }
        var reshaped = c.Op("Reshape", c.OutputGrad(0)!, c.Constant([.. split]));
        yield return reshaped;
        yield return c.ReduceSum(reshaped.Outputs[0], [.. sumAxes], false, c.InputGrad(0));
    }

    /// <summary>SpaceToDepth is the exact inverse of DepthToSpace in DCR mode, so each is the other's gradient.</summary>
    public static IEnumerable<Node> SpaceToDepth(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        yield return c.Op("DepthToSpace", [c.OutputGrad(0)!], [c.InputGrad(0)])
            .With("blocksize", BlockSize(c)).With("mode", "DCR");
    }

    /// <summary>DCR: SpaceToDepth. CRD: the inverse Reshape/Transpose/Reshape of the forward's rearrangement.</summary>
    public static IEnumerable<Node> DepthToSpace(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        long block = BlockSize(c);
        string mode = c.Node.String("mode", "DCR");
        if (mode == "DCR")
        {
            yield return c.Op("SpaceToDepth", [c.OutputGrad(0)!], [c.InputGrad(0)]).With("blocksize", block);
            yield break;
        }
        if (mode != "CRD")
            throw new ConvLensException($"cannot differentiate {c.Node}: unknown DepthToSpace mode '{mode}' (expected DCR or CRD)");
        var shape = c.InputShape(0);
        if (shape.Rank != 4 || !Enumerable.Range(1, 3).All(a => shape[a].IsKnown))
            throw new ConvLensException($"cannot differentiate {c.Node}: '{c.Input(0)}' {shape} must be 4-D with static channels, height and width");
        long channels = shape[1].Value, height = shape[2].Value, width = shape[3].Value;
        // Forward: [N, C/b², b, b, H, W] → perm [0,1,4,2,5,3] → [N, C/b², H, b, W, b]; back by the inverse perm.
        var split = c.Op("Reshape", c.OutputGrad(0)!, c.Constant(0L, channels / (block * block), height, block, width, block));
        var moved = c.Op("Transpose", split.Outputs[0]).With("perm", [0L, 1, 3, 5, 2, 4]);
        yield return split;
        yield return moved;
        yield return c.Op("Reshape", [moved.Outputs[0], c.Constant(0L, channels, height, width)], [c.InputGrad(0)]);
    }

    private static ConstTensor ConstantIndices(GradientContext c) => c.ConstantValue(c.Input(1))
        ?? throw new ConvLensException($"cannot differentiate {c.Node}: its indices '{c.Input(1)}' must be a constant (initializer), not computed at run time");

    private static long BlockSize(GradientContext c) =>
        c.Node.Int("blocksize", 0) is > 0 and var b ? b : throw new ConvLensException($"{c.Node} has no positive blocksize");

    private static int NormalizeAxis(GradientContext c, long axis, int rank) =>
        axis >= -rank && axis < rank ? (int)(axis < 0 ? axis + rank : axis)
        : throw new ConvLensException($"{c.Node}: axis {axis} is outside a rank-{rank} input");

    private static long Normalize(GradientContext c, long index, long size) =>
        index >= -size && index < size ? (index < 0 ? index + size : index)
        : throw new ConvLensException($"{c.Node}: index {index} is outside an axis of size {size}");

    private static long StaticDim(GradientContext c, TensorShape shape, int axis, string value) => shape[axis].IsKnown ? shape[axis].Value
        : throw new ConvLensException($"cannot differentiate {c.Node}: axis {axis} of '{value}' {shape} must have a static size");

    /// <summary>The data dimensions after <paramref name="axis"/> for a Reshape target: static sizes, at most one -1.</summary>
    private static long[] InnerDims(GradientContext c, TensorShape shape, int axis)
    {
        var inner = Enumerable.Range(axis + 1, shape.Rank - axis - 1).Select(a => shape[a].IsKnown ? shape[a].Value : -1).ToArray();
        if (inner.Count(d => d < 0) > 1)
            throw new ConvLensException($"cannot differentiate {c.Node}: '{c.Input(0)}' {shape} has more than one non-static dimension after axis {axis}");
        return inner;
    }

    private static long[] Strides(long[] dims)
    {
        var strides = new long[dims.Length];
        long s = 1;
        for (int a = dims.Length - 1; a >= 0; a--) { strides[a] = s; s *= dims[a]; }
        return strides;
    }
}
