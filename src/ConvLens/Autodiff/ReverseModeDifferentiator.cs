using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>
/// Reverse-mode automatic differentiation over the graph IR. It walks the forward nodes backwards,
/// asks each operator's <see cref="GradientRule"/> for the nodes of its gradient, sums gradients of
/// values used more than once, and reduces broadcast gradients to their inputs' shapes. The result is
/// an ordinary ONNX graph that ONNX Runtime runs forward and backward in one session.
/// </summary>
public static class ReverseModeDifferentiator
{
    /// <summary>Prefix of every value and node the backward pass adds.</summary>
    public const string Prefix = "cl_bw/";

    /// <summary>Differentiates <paramref name="model"/> from <paramref name="seeds"/> to <paramref name="withRespectTo"/>.</summary>
    /// <param name="model">A model whose value shapes are known (see <see cref="ShapeInference"/>).</param>
    /// <param name="seeds">Where the backward pass starts.</param>
    /// <param name="withRespectTo">Values whose gradients become outputs: the input and/or intermediate values.</param>
    /// <param name="forwardOutputs">Forward values to keep as outputs as well (activations, objective values).</param>
    /// <param name="registry">The rules; <see cref="GradientRegistry.Default"/> when null.</param>
    /// <exception cref="ConvLensException">A value is unknown, or an operator on the path has no rule.</exception>
    public static GradientGraph Differentiate(OnnxModel model, IReadOnlyList<GradientSeed> seeds, IReadOnlyList<string> withRespectTo,
        IReadOnlyList<string>? forwardOutputs = null, GradientRegistry? registry = null)
    {
        var session = new Session(model, registry ?? GradientRegistry.Default);
        return session.Run(seeds, withRespectTo, forwardOutputs ?? []);
    }

    /// <summary>State of one differentiation, shared with the rules through <see cref="GradientContext"/>.</summary>
    internal sealed class Session
    {
        private readonly OnnxModel _model;
        private readonly OnnxGraph _graph;
        private readonly GradientRegistry _registry;
        private readonly HashSet<string> _names;
        private readonly HashSet<string> _nodeNames;
        private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _contributions = new(StringComparer.Ordinal);
        private readonly List<Node> _backward = [];

        internal Session(OnnxModel model, GradientRegistry registry)
        {
            _model = model.Clone();
            _graph = _model.Graph;
            _registry = registry;
            _names = _graph.AllValueNames();
            _nodeNames = new HashSet<string>(_graph.Nodes.Select(n => n.Name), StringComparer.Ordinal);
        }

        internal long Opset => _model.Opset;

        internal string Prefix => ReverseModeDifferentiator.Prefix;

        internal TensorShape? ShapeOf(string value) => _graph.ShapeOf(value);

        internal ConstTensor? ConstantValue(string value) => _graph.Initializers.GetValueOrDefault(value);

        internal string FreshName(string hint)
        {
            var name = _graph.UniqueName(hint, _names);
            _names.Add(name);
            return name;
        }

        internal string FreshNodeName(string hint)
        {
            var name = hint;
            for (int i = 1; !_nodeNames.Add(name); i++) name = $"{hint}_{i}";
            return name;
        }

        internal string AddConstant(ConstTensor tensor)
        {
            string? key = tensor.ElementCount <= 16
                ? $"{tensor.ElementType}|{string.Join(",", tensor.Dims)}|{Convert.ToHexString(tensor.Bytes.Span)}"
                : null;
            if (key is not null && _constants.TryGetValue(key, out var existing)) return existing;
            var name = FreshName($"{Prefix}const");
            _graph.Initializers[name] = tensor;
            if (key is not null) _constants[key] = name;
            return name;
        }

        internal GradientGraph Run(IReadOnlyList<GradientSeed> seeds, IReadOnlyList<string> withRespectTo, IReadOnlyList<string> forwardOutputs)
        {
            if (seeds.Count == 0) throw new ArgumentException("at least one gradient seed is needed", nameof(seeds));
            // The rules emit opset-13 forms (axes as inputs); older graphs must be normalised first.
            if (Opset < 13)
                throw new ConvLensException($"cannot differentiate '{_model.Source}' at opset {Opset}: normalise it to opset 13 or later first (OpsetNormalizer.Normalize)");
            foreach (var v in withRespectTo)
                if (_graph.Initializers.ContainsKey(v))
                    throw new ConvLensException($"cannot differentiate with respect to '{v}': it is a constant (initializer); gradients are taken with respect to the input and computed values");
            foreach (var v in seeds.Select(s => s.Value).Concat(withRespectTo).Concat(forwardOutputs))
                if (!_names.Contains(v)) throw new ConvLensException($"cannot differentiate: the graph has no value named '{v}'");

            var needsGrad = ValuesNeedingGradients(seeds.Select(s => s.Value), withRespectTo);
            var seedInputs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var seed in seeds) AddSeed(seed, seedInputs);

            for (int i = _graph.Nodes.Count - 1; i >= 0; i--)
                Backpropagate(_graph.Nodes[i], needsGrad);

            var gradients = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var wrt in withRespectTo.Distinct())
            {
                var output = FreshName($"grad:{wrt}");
                var accumulated = Accumulate(wrt);
                if (accumulated is null)
                {
                    // No path from the seeds: the gradient is zero, of the value's run-time shape.
                    var shape = FreshName($"{Prefix}zero_shape");
                    _backward.Add(new Node("Shape", [wrt], [shape], FreshNodeName($"{Prefix}zero/{wrt}/Shape")));
                    _backward.Add(new Node("ConstantOfShape", [shape], [output], FreshNodeName($"{Prefix}zero/{wrt}"))
                        .With("value", NodeAttribute.Of(ConstTensor.FromFloats([0f], 1))));
                }
                else _backward.Add(new Node("Identity", [accumulated], [output], FreshNodeName($"{Prefix}grad/{wrt}")));
                gradients[wrt] = output;
                _graph.ValueInfos[output] = new ValueInfo(output, TensorElementType.Float, ShapeOf(wrt));
            }

            _graph.Nodes.AddRange(_backward);
            _graph.Outputs.Clear();
            foreach (var v in forwardOutputs.Distinct())
                _graph.Outputs.Add(_graph.InfoOf(v) ?? new ValueInfo(v, TensorElementType.Float, null));
            foreach (var g in gradients.Values) _graph.Outputs.Add(_graph.ValueInfos[g]);
            GraphPruner.RemoveUnused(_graph);
            _graph.SortTopologically();
            return new GradientGraph(_model, seedInputs, gradients);
        }

        /// <summary>Values on some path from a with-respect-to value to a seed, through differentiable operators.</summary>
        private HashSet<string> ValuesNeedingGradients(IEnumerable<string> seedValues, IReadOnlyList<string> withRespectTo)
        {
            var fromInputs = new HashSet<string>(withRespectTo, StringComparer.Ordinal);
            foreach (var node in _graph.Nodes)
            {
                if (_registry.Find(node.OpType)?.Kind == GradientKind.NotDifferentiable) continue;
                if (node.Inputs.Any(fromInputs.Contains)) fromInputs.UnionWith(node.Outputs);
            }
            var toSeeds = new HashSet<string>(seedValues, StringComparer.Ordinal);
            for (int i = _graph.Nodes.Count - 1; i >= 0; i--)
            {
                var node = _graph.Nodes[i];
                if (_registry.Find(node.OpType)?.Kind == GradientKind.NotDifferentiable) continue;
                if (node.Outputs.Any(toSeeds.Contains)) toSeeds.UnionWith(node.Inputs.Where(n => n.Length > 0));
            }
            fromInputs.IntersectWith(toSeeds);
            fromInputs.ExceptWith(_graph.Initializers.Keys);
            return fromInputs;
        }

        private void AddSeed(GradientSeed seed, Dictionary<string, string> seedInputs)
        {
            string seedValue;
            if (seed.FromInput)
            {
                seedValue = FreshName($"seed:{seed.Value}");
                _graph.Inputs.Add(new ValueInfo(seedValue, TensorElementType.Float, ShapeOf(seed.Value)));
                seedInputs[seed.Value] = seedValue;
            }
            else
            {
                var shape = FreshName($"{Prefix}seed_shape");
                seedValue = FreshName($"{Prefix}seed_ones");
                _backward.Add(new Node("Shape", [seed.Value], [shape], FreshNodeName($"{Prefix}seed/{seed.Value}/Shape")));
                _backward.Add(new Node("ConstantOfShape", [shape], [seedValue], FreshNodeName($"{Prefix}seed/{seed.Value}"))
                    .With("value", NodeAttribute.Of(ConstTensor.FromFloats([1f], 1))));
            }
            AddContribution(seed.Value, seedValue);
        }

        private void Backpropagate(Node node, HashSet<string> needsGrad)
        {
            if (!node.Outputs.Any(_contributions.ContainsKey)) return;
            var inputsNeeding = Enumerable.Range(0, node.Inputs.Count).Where(i => needsGrad.Contains(node.Inputs[i])).ToArray();
            if (inputsNeeding.Length == 0) return;

            var entry = _registry.Find(node.OpType);
            string where = $"op '{node.OpType}' (node '{node.DisplayName}')";
            if (entry is null)
                throw new MissingGradientRuleException(node, $"no gradient rule for {where}, which lies between the requested layer and the input. Ops with rules: {string.Join(", ", _registry.OpTypes.Where(o => _registry.Find(o)!.Kind == GradientKind.Differentiable))}");
            if (entry.Kind == GradientKind.MustNotDifferentiate)
                throw new ConvLensException($"cannot differentiate through {where}: {entry.Reason}");
            if (entry.Kind == GradientKind.NotDifferentiable || node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                if (entry.Kind == GradientKind.NotDifferentiable) return;
                throw new MissingGradientRuleException(node, $"no gradient rule for {where} in domain '{node.Domain}'");
            }

            var outputGrads = node.Outputs.Select(Accumulate).ToArray();
            var inputGrads = new string?[node.Inputs.Count];
            var unbroadcast = new List<(int Input, string Temp, string Final)>();
            foreach (int i in inputsNeeding)
            {
                var final = FreshName($"{Prefix}grad/{node.Inputs[i]}");
                if (entry.Broadcasts && NeedsUnbroadcast(node, i))
                {
                    var temp = FreshName($"{Prefix}grad_bcast/{node.Inputs[i]}");
                    unbroadcast.Add((i, temp, final));
                    inputGrads[i] = temp;
                }
                else inputGrads[i] = final;
            }

            var context = new GradientContext(this, node, outputGrads, inputGrads);
            _backward.AddRange(entry.Rule!(context));
            foreach (var (i, temp, final) in unbroadcast) _backward.AddRange(Unbroadcast(node, i, temp, final));
            foreach (int i in inputsNeeding)
            {
                var name = unbroadcast.FirstOrDefault(u => u.Input == i).Final ?? inputGrads[i]!;
                AddContribution(node.Inputs[i], name);
                _graph.ValueInfos[name] = new ValueInfo(name, TensorElementType.Float, ShapeOf(node.Inputs[i]));
            }
        }

        private bool NeedsUnbroadcast(Node node, int input)
        {
            var inShape = ShapeOf(node.Inputs[input]);
            var outShape = ShapeOf(node.Outputs[0]);
            // Unknown shapes (ORT's inference loses a batch symbol through computed Reshapes) are settled at run time.
            return inShape is null || outShape is null || !inShape.Equals(outShape);
        }

        /// <summary>Sums a gradient in the output's shape over the axes along which the input was broadcast.</summary>
        private IEnumerable<Node> Unbroadcast(Node node, int input, string gradient, string output)
        {
            var name = $"{Prefix}{node.DisplayName}/unbroadcast{input}";
            var axes = StaticBroadcastAxes(ShapeOf(node.Inputs[input]), ShapeOf(node.Outputs[0]), out int lead);
            if (axes is null)
            {
                foreach (var n in RuntimeUnbroadcast(node, input, gradient, output, name)) yield return n;
                yield break;
            }
            if (axes.Count == 0)
            {
                yield return new Node("Identity", [gradient], [output], FreshNodeName(name));
                yield break;
            }
            var reduced = lead > 0 ? FreshName($"{Prefix}grad_reduced/{node.Inputs[input]}") : output;
            yield return new Node("ReduceSum", [gradient, AddConstant(ConstTensor.Vector(axes.ToArray()))], [reduced], FreshNodeName(name)).With("keepdims", 1L);
            if (lead > 0)
            {
                var shape = FreshName($"{Prefix}shape/{node.Inputs[input]}");
                yield return new Node("Shape", [node.Inputs[input]], [shape], FreshNodeName(name + "/Shape"));
                yield return new Node("Reshape", [reduced, shape], [output], FreshNodeName(name + "/Reshape"));
            }
        }

        /// <summary>
        /// The output axes along which the input was broadcast, with the count of leading axes the input lacks;
        /// null when the shapes do not say (an unknown rank, or a dimension unknown on either side and not the same symbol).
        /// </summary>
        private static List<long>? StaticBroadcastAxes(TensorShape? inShape, TensorShape? outShape, out int lead)
        {
            lead = 0;
            if (inShape is null || outShape is null || inShape.Rank > outShape.Rank) return null;
            lead = outShape.Rank - inShape.Rank;
            var axes = new List<long>();
            for (int axis = 0; axis < outShape.Rank; axis++)
            {
                if (axis < lead) { axes.Add(axis); continue; }
                var inDim = inShape[axis - lead];
                var outDim = outShape[axis];
                if (inDim.SameAs(outDim)) continue;
                if (inDim.IsKnown && inDim.Value == 1) { axes.Add(axis); continue; }
                if (inDim.IsKnown && outDim.IsKnown)
                    throw new ConvLensException($"cannot un-broadcast the gradient of an input {inShape} from {outShape}: the shapes do not broadcast");
                return null;
            }
            return axes;
        }

        /// <summary>
        /// Un-broadcasting decided at run time: the input's shape, padded with leading ones to the output's rank,
        /// marks the axes where it is 1 and the output is not; ReduceSum over them (none: a no-op) and a Reshape
        /// to the input's shape drop them. Used only when static shapes cannot decide.
        /// </summary>
        private IEnumerable<Node> RuntimeUnbroadcast(Node node, int input, string gradient, string output, string name)
        {
            string Temp(string hint) => FreshName($"{Prefix}{node.DisplayName}/unbroadcast{input}/{hint}");
            string inShape = Temp("in_shape"), outShape = Temp("out_shape"), outRank = Temp("out_rank"), inRank = Temp("in_rank");
            string lead = Temp("lead"), leadOnes = Temp("lead_ones"), padded = Temp("padded"), one = AddConstant(ConstTensor.Vector(1L));
            string isOne = Temp("is_one"), outIsOne = Temp("out_is_one"), outNotOne = Temp("out_not_one"), broadcast = Temp("broadcast");
            string indices = Temp("indices"), axes = Temp("axes"), reduced = Temp("reduced");
            yield return new Node("Shape", [node.Inputs[input]], [inShape], FreshNodeName(name + "/Shape"));
            yield return new Node("Shape", [gradient], [outShape], FreshNodeName(name + "/ShapeOut"));
            yield return new Node("Size", [outShape], [outRank], FreshNodeName(name + "/OutRank"));
            yield return new Node("Size", [inShape], [inRank], FreshNodeName(name + "/InRank"));
            yield return new Node("Sub", [outRank, inRank], [lead], FreshNodeName(name + "/Lead"));
            var leadVector = Temp("lead_vector");
            yield return new Node("Reshape", [lead, one], [leadVector], FreshNodeName(name + "/LeadVector"));
            yield return new Node("ConstantOfShape", [leadVector], [leadOnes], FreshNodeName(name + "/LeadOnes"))
                .With("value", NodeAttribute.Of(ConstTensor.Vector(1L)));
            yield return new Node("Concat", [leadOnes, inShape], [padded], FreshNodeName(name + "/Padded")).With("axis", 0L);
            yield return new Node("Equal", [padded, one], [isOne], FreshNodeName(name + "/IsOne"));
            yield return new Node("Equal", [outShape, one], [outIsOne], FreshNodeName(name + "/OutIsOne"));
            yield return new Node("Not", [outIsOne], [outNotOne], FreshNodeName(name + "/OutNotOne"));
            yield return new Node("And", [isOne, outNotOne], [broadcast], FreshNodeName(name + "/Broadcast"));
            yield return new Node("NonZero", [broadcast], [indices], FreshNodeName(name + "/NonZero"));
            yield return new Node("Reshape", [indices, AddConstant(ConstTensor.Vector(-1L))], [axes], FreshNodeName(name + "/Axes"));
            yield return new Node("ReduceSum", [gradient, axes], [reduced], FreshNodeName(name + "/ReduceSum"))
                .With("keepdims", 1L).With("noop_with_empty_axes", 1L);
            yield return new Node("Reshape", [reduced, inShape], [output], FreshNodeName(name + "/Reshape"));
        }

        private void AddContribution(string value, string gradient)
        {
            if (!_contributions.TryGetValue(value, out var list)) _contributions[value] = list = [];
            list.Add(gradient);
        }

        /// <summary>The total gradient of a value: its one contribution, or a Sum node over several; null for none.</summary>
        private string? Accumulate(string value)
        {
            if (!_contributions.TryGetValue(value, out var list) || list.Count == 0) return null;
            if (list.Count == 1) return list[0];
            var total = FreshName($"{Prefix}grad_total/{value}");
            _backward.Add(new Node("Sum", list, [total], FreshNodeName($"{Prefix}accumulate/{value}")));
            _graph.ValueInfos[total] = new ValueInfo(total, TensorElementType.Float, ShapeOf(value));
            list.Clear();
            list.Add(total);
            return total;
        }
    }
}
