using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace ConvLens.Tests.Autodiff;

/// <summary>
/// Checks a gradient graph against float64 finite differences. For f(x) = sum(dA * layer(x)), with x
/// and dA seeded normal noise, the gradient that the emitted ONNX nodes compute in ONNX Runtime
/// (float32) must match central differences of f evaluated by <see cref="ReferenceEvaluator"/> (double).
/// Differences in double are needed because float32 ones are useless across ReLU and MaxPool kinks.
/// </summary>
internal static class GradientChecker
{
    /// <summary>Central-difference step: small enough to stay off kinks and keep truncation error negligible, large enough that double round-off (~1e-16 |f| / eps) is too.</summary>
    private const double Epsilon = 1e-6;

    /// <summary>Values up to this size are checked element by element; larger ones along random directions.</summary>
    private const int ElementwiseLimit = 64;

    /// <summary>Random unit directions per large value.</summary>
    private const int Directions = 8;

    /// <summary>Side of every unknown or symbolic dimension in the concrete shapes the check uses.</summary>
    private const long UnknownDim = 2;

    /// <summary>
    /// Fails the test when, for some value in <paramref name="wrt"/> (default: every float graph input),
    /// a probe's <see cref="GradientComparison.Error"/> exceeds <paramref name="tolerance"/>.
    /// </summary>
    /// <remarks>
    /// Tolerance semantics: |analytic - numeric| &lt;= tolerance * max(1, |numeric|, scale), scale = |g| / sqrt(n).
    /// The numeric side is accurate to ~1e-9; the analytic side is float32 and accumulates ~1e-6..1e-5 of
    /// relative error over the terms of each sum. An element whose true derivative nearly cancels (small
    /// |numeric|) still carries the absolute error of its large terms, so the yardstick is at least the
    /// typical magnitude of one directional derivative of this gradient, |g| |d| / sqrt(n) with |d| = 1,
    /// and at least 1 so that tiny gradients are judged in absolute terms.
    /// </remarks>
    public static void AssertMatches(OnnxModel model, string layer, int seed = 1, double tolerance = 1e-3,
        GradientRegistry? registry = null, IReadOnlyList<string>? wrt = null)
    {
        var worst = Check(model, layer, seed, registry, wrt);
        var failures = worst.Values.Where(c => !(c.Error <= tolerance)).ToList();
        if (failures.Count == 0) return;
        Assert.Fail(string.Join("\n", failures.Select(c =>
            $"gradient check failed (seed {seed}, layer '{layer}', wrt '{c.Wrt}', {c.Probe}): analytic {c.Analytic:G9}, " +
            $"numeric {c.Numeric:G9}, error {c.Error:G3} > tolerance {tolerance:G3} (|diff| / max(1, |numeric|, scale {c.Scale:G3}))")));
    }

    /// <summary>Runs the check and returns the worst probe (largest error; NaN counts as worst) of each with-respect-to value.</summary>
    public static IReadOnlyDictionary<string, GradientComparison> Check(OnnxModel model, string layer, int seed = 1,
        GradientRegistry? registry = null, IReadOnlyList<string>? wrt = null)
    {
        var wrtValues = wrt ?? model.Graph.Inputs.Where(i => i.ElementType == TensorElementType.Float).Select(i => i.Name).ToList();
        var rng = new Random(seed);
        var inputs = RandomInputs(model, rng);
        var forward = ReferenceEvaluator.Run(model, inputs, [layer, .. wrtValues]);
        var activation = forward[layer];
        var dA = RefTensor.FromFloats(TestModels.RandomNormal(rng, activation.ElementCount), activation.Shape);
        var gradients = AnalyticGradients(model, layer, seed, registry, wrtValues, inputs, dA);

        double Objective(string value, RefTensor replacement)
        {
            var given = new Dictionary<string, RefTensor>(inputs, StringComparer.Ordinal) { [value] = replacement };
            var a = ReferenceEvaluator.Run(model, given, [layer])[layer];
            return a.Data.Zip(dA.Data).Sum(p => p.First * p.Second);
        }

        var worst = new Dictionary<string, GradientComparison>(StringComparer.Ordinal);
        foreach (var w in wrtValues.Distinct())
        {
            var x = forward[w];
            var g = gradients[w];
            if (!g.Shape.SequenceEqual(x.Shape))
                Assert.Fail($"gradient check (seed {seed}, layer '{layer}'): the gradient of '{w}' has shape [{string.Join(",", g.Shape)}], the value [{string.Join(",", x.Shape)}]");
            long n = x.ElementCount;
            double scale = Math.Sqrt(g.Data.Sum(v => v * v) / n);
            foreach (var (probe, direction) in ProbeDirections(n, rng))
            {
                var plus = x.Clone();
                var minus = x.Clone();
                for (long i = 0; i < n; i++) { plus.Data[i] += Epsilon * direction[i]; minus.Data[i] -= Epsilon * direction[i]; }
                double numeric = (Objective(w, plus) - Objective(w, minus)) / (2 * Epsilon);
                double analytic = g.Data.Zip(direction).Sum(p => p.First * p.Second);
                var comparison = new GradientComparison(w, probe, analytic, numeric, scale);
                if (!worst.TryGetValue(w, out var current) || !(comparison.Error <= current.Error)) worst[w] = comparison;
            }
        }
        return worst;
    }

    /// <summary>Unit vectors along each element for small values, else random unit directions.</summary>
    private static IEnumerable<(string Probe, double[] Direction)> ProbeDirections(long n, Random rng)
    {
        if (n <= ElementwiseLimit)
        {
            for (long i = 0; i < n; i++)
            {
                var e = new double[n];
                e[i] = 1;
                yield return ($"element {i}", e);
            }
            yield break;
        }
        for (int k = 0; k < Directions; k++)
        {
            var d = Array.ConvertAll(TestModels.RandomNormal(rng, n), v => (double)v);
            double norm = Math.Sqrt(d.Sum(v => v * v));
            yield return ($"random direction {k} of {Directions}", Array.ConvertAll(d, v => v / norm));
        }
    }

    /// <summary>Seeded standard-normal float32 values for every graph input, unknown dimensions set to <see cref="UnknownDim"/>.</summary>
    private static Dictionary<string, RefTensor> RandomInputs(OnnxModel model, Random rng)
    {
        var inputs = new Dictionary<string, RefTensor>(StringComparer.Ordinal);
        foreach (var input in model.Graph.Inputs)
        {
            if (input.ElementType != TensorElementType.Float)
                throw new NotSupportedException($"gradient check: input '{input.Name}' is {input.ElementType}; only float inputs are filled");
            var shape = input.Shape?.ToLongs(UnknownDim) ?? throw new ArgumentException($"gradient check: input '{input.Name}' has no shape");
            inputs[input.Name] = RefTensor.FromFloats(TestModels.RandomNormal(rng, shape.Aggregate(1L, (a, d) => a * d)), shape);
        }
        return inputs;
    }

    /// <summary>The gradients of each with-respect-to value, from the differentiated model run in ONNX Runtime.</summary>
    private static Dictionary<string, RefTensor> AnalyticGradients(OnnxModel model, string layer, int seed, GradientRegistry? registry,
        IReadOnlyList<string> wrt, Dictionary<string, RefTensor> inputs, RefTensor dA)
    {
        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input(layer)], wrt, registry: registry);
        var feeds = new Dictionary<string, RefTensor>(inputs, StringComparer.Ordinal) { [gg.SeedInputs[layer]] = dA };
        try
        {
            var results = OrtRunner.Run(gg.Model, feeds, wrt.Distinct().Select(w => gg.Gradients[w]));
            return wrt.Distinct().ToDictionary(w => w, w => results[gg.Gradients[w]], StringComparer.Ordinal);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"gradient check (seed {seed}, layer '{layer}'): ONNX Runtime rejected the gradient graph: {e.Message}", e);
        }
    }
}
