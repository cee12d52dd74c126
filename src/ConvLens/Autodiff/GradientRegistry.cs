using System.Collections.Immutable;
using ConvLens.Autodiff.Rules;

namespace ConvLens.Autodiff;

/// <summary>
/// The one table of gradient rules, by operator type. Immutable: <see cref="With"/> returns a copy
/// with one rule swapped, which is how guided backprop and Lucid's gradient-redirect ReLU work.
/// </summary>
public sealed class GradientRegistry
{
    private readonly ImmutableDictionary<string, GradientEntry> _entries;

    private GradientRegistry(ImmutableDictionary<string, GradientEntry> entries, string name)
    {
        _entries = entries;
        Name = name;
    }

    /// <summary>The standard rules.</summary>
    public static GradientRegistry Default { get; } = new(BuildDefault(), "default");

    /// <summary>Guided backpropagation: the ReLU rule passes only positive gradients through active units.</summary>
    public static GradientRegistry GuidedBackprop { get; } = Default.With("Relu", ReluOverrides.Guided, "guided-backprop");

    /// <summary>Lucid's gradient redirect: ReLU passes gradient where the unit is inactive if it would raise the unit.</summary>
    public static GradientRegistry GradientRedirect { get; } = Default.With("Relu", ReluOverrides.Redirect, "gradient-redirect");

    /// <summary>Names the rule set; part of session-cache keys, so two registries with different rules must differ in name.</summary>
    public string Name { get; }

    /// <summary>The entry for <paramref name="opType"/>, or null when the operator has no rule.</summary>
    public GradientEntry? Find(string opType) => _entries.GetValueOrDefault(opType);

    /// <summary>Every operator type the registry knows.</summary>
    public IEnumerable<string> OpTypes => _entries.Keys.Order(StringComparer.Ordinal);

    /// <summary>A copy of this registry whose rule for <paramref name="opType"/> is <paramref name="rule"/>.</summary>
    /// <param name="opType">The operator whose rule is swapped.</param>
    /// <param name="rule">The new rule.</param>
    /// <param name="name">The new registry's name; by default derived from the rule's method.</param>
    public GradientRegistry With(string opType, GradientRule rule, string? name = null)
    {
        bool broadcasts = Find(opType)?.Broadcasts ?? false;
        name ??= $"{Name}+{opType}:{rule.Method.DeclaringType?.FullName}.{rule.Method.Name}";
        return new(_entries.SetItem(opType, new GradientEntry(GradientKind.Differentiable, rule, broadcasts)), name);
    }

    private static ImmutableDictionary<string, GradientEntry> BuildDefault()
    {
        var table = ImmutableDictionary.CreateBuilder<string, GradientEntry>(StringComparer.Ordinal);
        void Rule(string op, GradientRule rule) => table.Add(op, new GradientEntry(GradientKind.Differentiable, rule));
        void Broadcasting(string op, GradientRule rule) => table.Add(op, new GradientEntry(GradientKind.Differentiable, rule, Broadcasts: true));
        void NoGradient(string op) => table.Add(op, new GradientEntry(GradientKind.NotDifferentiable));
        void Refuse(string op, string reason) => table.Add(op, new GradientEntry(GradientKind.MustNotDifferentiate, Reason: reason));

        // Elementwise arithmetic (broadcasting: un-broadcast is the differentiator's job).
        Broadcasting("Add", ElementwiseGradients.Add);
        Broadcasting("Sub", ElementwiseGradients.Sub);
        Broadcasting("Mul", ElementwiseGradients.Mul);
        Broadcasting("Div", ElementwiseGradients.Div);
        Broadcasting("Pow", ElementwiseGradients.Pow);
        Rule("Sum", ElementwiseGradients.Sum);
        Rule("Neg", ElementwiseGradients.Neg);
        Rule("Sqrt", ElementwiseGradients.Sqrt);
        Rule("Exp", ElementwiseGradients.Exp);
        Rule("Log", ElementwiseGradients.Log);
        Rule("Abs", ElementwiseGradients.Abs);
        Rule("Reciprocal", ElementwiseGradients.Reciprocal);
        Broadcasting("Mean", ElementwiseGradients.Mean);
        Broadcasting("Max", SelectionGradients.Max);
        Broadcasting("Min", SelectionGradients.Min);
        Broadcasting("Where", SelectionGradients.Where);
        Rule("Cast", CastGradient.Cast);

        // Activations.
        Rule("Relu", ActivationGradients.Relu);
        Rule("LeakyRelu", ActivationGradients.LeakyRelu);
        Rule("Clip", ActivationGradients.Clip);
        Rule("Sigmoid", ActivationGradients.Sigmoid);
        Rule("Tanh", ActivationGradients.Tanh);
        Rule("Softmax", ActivationGradients.Softmax);
        Rule("LogSoftmax", ActivationGradients.LogSoftmax);
        Rule("Dropout", ActivationGradients.Dropout);
        Rule("Identity", ActivationGradients.Identity);
        Broadcasting("PRelu", ActivationGradients.PRelu);
        Rule("ThresholdedRelu", ActivationGradients.ThresholdedRelu);
        Rule("HardSigmoid", HardActivationGradients.HardSigmoid);
        Rule("HardSwish", HardActivationGradients.HardSwish);
        Rule("Elu", ExponentialLinearGradients.Elu);
        Rule("Selu", ExponentialLinearGradients.Selu);
        Rule("Celu", ExponentialLinearGradients.Celu);
        Rule("Erf", SmoothActivationGradients.Erf);
        Rule("Gelu", SmoothActivationGradients.Gelu);
        Rule("Softplus", SmoothActivationGradients.Softplus);
        Rule("Softsign", SmoothActivationGradients.Softsign);
        Rule("Mish", SmoothActivationGradients.Mish);

        // Normalization.
        Rule("BatchNormalization", NormalizationGradients.BatchNormalization);
        Rule("LRN", NormalizationGradients.Lrn);
        Rule("LayerNormalization", LayerNormGradients.LayerNormalization);
        Rule("InstanceNormalization", LayerNormGradients.InstanceNormalization);
        Rule("GroupNormalization", LayerNormGradients.GroupNormalization);

        // Convolution, pooling, linear layers.
        Rule("Conv", ConvPoolGradients.Conv);
        Rule("ConvTranspose", ConvTransposeGradient.Emit);
        Rule("MaxPool", ConvPoolGradients.MaxPool);
        Rule("AveragePool", ConvPoolGradients.AveragePool);
        Rule("GlobalAveragePool", ConvPoolGradients.GlobalAveragePool);
        Rule("GlobalMaxPool", ConvPoolGradients.GlobalMaxPool);
        Rule("Gemm", LinearGradients.Gemm);
        Rule("MatMul", LinearGradients.MatMul);
        Rule("Einsum", EinsumGradient.Einsum);

        // Shape and layout.
        Rule("Flatten", ShapeGradients.Flatten);
        Rule("Reshape", ShapeGradients.Reshape);
        Rule("Squeeze", ShapeGradients.Squeeze);
        Rule("Unsqueeze", ShapeGradients.Unsqueeze);
        Rule("Transpose", ShapeGradients.Transpose);
        Rule("Concat", ShapeGradients.Concat);
        Rule("Split", ShapeGradients.Split);
        Rule("Slice", ShapeGradients.Slice);
        Rule("Pad", ShapeGradients.Pad);
        Rule("Resize", ResizeGradient.Emit);
        Rule("Gather", IndexingGradients.Gather);
        Rule("GatherElements", IndexingGradients.GatherElements);
        Rule("Tile", IndexingGradients.Tile);
        Rule("DepthToSpace", IndexingGradients.DepthToSpace);
        Rule("SpaceToDepth", IndexingGradients.SpaceToDepth);
        // Not Broadcasting: Expand's rule also un-broadcasts axes whose sizes are only known at run time.
        Rule("Expand", ExpandGradient.Emit);

        // Reductions.
        Rule("ReduceSum", ReduceGradients.ReduceSum);
        Rule("ReduceMean", ReduceGradients.ReduceMean);
        Rule("ReduceMax", ExtremumReduceGradients.ReduceMax);
        Rule("ReduceMin", ExtremumReduceGradients.ReduceMin);
        Rule("ReduceSumSquare", PointwiseReduceGradients.ReduceSumSquare);
        Rule("ReduceL1", PointwiseReduceGradients.ReduceL1);
        Rule("ReduceL2", PointwiseReduceGradients.ReduceL2);
        Rule("ReduceLogSumExp", PointwiseReduceGradients.ReduceLogSumExp);
        Rule("ReduceProd", ReduceProdGradient.ReduceProd);

        // No gradient flows through these: their outputs are shapes, indices, masks or constants.
        foreach (var op in new[]
                 {
                     "Shape", "Size", "ConstantOfShape", "Constant", "Equal", "Greater", "GreaterOrEqual", "Less",
                     "LessOrEqual", "Not", "And", "Or", "ArgMax", "ArgMin", "Floor", "Ceil", "Round", "Sign",
                     "NonZero", "Range", "RandomNormalLike", "RandomUniformLike", "EyeLike",
                     // Boolean and integer outputs only; Mod (float fmod) and OneHot (float values) are not here.
                     "Xor", "IsNaN", "IsInf", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot",
                     "NonMaxSuppression",
                 })
            NoGradient(op);

        foreach (var op in new[] { "If", "Loop", "Scan" })
            Refuse(op, "ConvLens does not differentiate control flow; export the model without it");
        return table.ToImmutable();
    }
}
