using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The gradient of Slice (opset 10+ form, constant starts/ends/axes/steps): each sliced element's
/// gradient returns to the position it was read from and every other position gets zero. Axes with
/// step 1 are restored by one Pad; any other step (2 in space-to-depth layers, −1 for flips) by a Gather
/// from the gradient with one zero appended, whose indices name, for every input position, the element
/// read from there or the zero.
/// </summary>
internal static class SliceGradient
{
    /// <summary>Slice ends at or beyond this mean "to the end" (exporters write INT32_MAX or INT64_MAX).</summary>
    private const long ToTheEnd = int.MaxValue;

    public static IEnumerable<Node> Emit(GradientContext c)
    {
        var shape = c.InputShape(0);
        int rank = shape.Rank;
        var starts = ConstantInts(c, 1) ?? throw NotConstant(c, "starts");
        var ends = ConstantInts(c, 2) ?? throw NotConstant(c, "ends");
        var axes = c.Node.HasInput(3) ? ConstantInts(c, 3) ?? throw NotConstant(c, "axes") : Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        var steps = c.Node.HasInput(4) ? ConstantInts(c, 4) ?? throw NotConstant(c, "steps") : Enumerable.Repeat(1L, starts.Length).ToArray();

        var padBegin = new long[rank];
        var padEnd = new long[rank];
        var gathers = new List<(int Axis, long[] Indices, long Count)>();
        for (int k = 0; k < axes.Length; k++)
        {
            int axis = (int)(axes[k] < 0 ? axes[k] + rank : axes[k]);
            var dim = shape[axis];
            if (!dim.IsKnown)
            {
                // An unknown size (the batch axis) is fine for a slice that runs from a fixed start to the end.
                if (steps[k] != 1 || starts[k] < 0 || ends[k] < ToTheEnd)
                    throw new ConvLensException($"cannot differentiate {c.Node}: slicing axis {axis} of '{c.Input(0)}' {shape}, whose size is not static, needs step 1, a non-negative start and no end");
                padBegin[axis] = starts[k];
                continue;
            }
            var (first, step, count) = Normalize(starts[k], ends[k], steps[k], dim.Value);
            if (step == 1)
            {
                padBegin[axis] = first;
                padEnd[axis] = dim.Value - first - count;
                continue;
            }
            var indices = Enumerable.Repeat(count, (int)dim.Value).ToArray();
            for (long i = 0; i < count; i++) indices[first + i * step] = i;
            gathers.Add((axis, indices, count));
        }

        string current = c.OutputGrad(0)!;
        bool pads = padBegin.Any(p => p != 0) || padEnd.Any(p => p != 0);
        for (int k = 0; k < gathers.Count; k++)
        {
            var (axis, indices, _) = gathers[k];
            var onePad = new long[2 * rank];
            onePad[rank + axis] = 1;
            var withZero = c.Op("Pad", current, c.Constant(onePad)).With("mode", "constant");
            bool last = k == gathers.Count - 1 && !pads;
            var gather = c.Op("Gather", [withZero.Outputs[0], c.Constant(indices)], [last ? c.InputGrad(0) : c.Temp("scattered")]).With("axis", (long)axis);
            yield return withZero;
            yield return gather;
            current = gather.Outputs[0];
        }
        if (pads)
            yield return c.Op("Pad", [current, c.Constant([.. padBegin, .. padEnd])], [c.InputGrad(0)]).With("mode", "constant");
        else if (gathers.Count == 0)
            yield return c.Op("Identity", [current], [c.InputGrad(0)]);
    }

    /// <summary>
    /// ONNX Slice clamping for one axis of size <paramref name="size"/>: the first index read, the step and
    /// the number of elements read.
    /// </summary>
    internal static (long First, long Step, long Count) Normalize(long start, long end, long step, long size)
    {
        if (step == 0) throw new ConvLensException("Slice step 0 is invalid");
        if (start < 0) start += size;
        if (end < 0) end += size;
        long count;
        if (step > 0)
        {
            start = Math.Clamp(start, 0, size);
            end = Math.Clamp(end, 0, size);
            count = Math.Max(0, (end - start + step - 1) / step);
        }
        else
        {
            start = Math.Clamp(start, 0, size - 1);
            end = Math.Clamp(end, -1, size - 1);
            count = Math.Max(0, (start - end + (-step) - 1) / -step);
        }
        return (start, step, count);
    }

    private static long[]? ConstantInts(GradientContext c, int input) => c.ConstantValue(c.Input(input))?.ToInt64s();

    private static ConvLensException NotConstant(GradientContext c, string what) =>
        new($"cannot differentiate {c.Node}: its {what} must be constants (initializers), not computed at run time");
}
