using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Attribution.Cam;

/// <summary>Chooses the layer a CAM method reads when none is named.</summary>
public static class CamLayers
{
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal) { "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "Elu", "Selu", "PRelu" };

    /// <summary>
    /// The last convolution on the way to <paramref name="targetLayer"/>, taken after the BatchNorm and
    /// activation that directly follow it (what Keras's <c>block5_conv4</c> names), and in a residual
    /// network after the skip connection's Add and activation too, so that the map is the block's output
    /// (pytorch-grad-cam's <c>layer4[-1]</c> for ResNets): for a classifier, the network's last
    /// convolutional features, as Grad-CAM prescribes. A convolution after the target cannot change it,
    /// so it is never chosen; nor is a value past the target.
    /// </summary>
    /// <exception cref="ConvLensException">No convolution comes before the target.</exception>
    public static string Default(Network network, string targetLayer)
    {
        var graph = network.Model.Graph;
        var target = network.Layers.Resolve(targetLayer).Value;
        var ancestors = Ancestors(graph, target);
        var consumers = graph.ConsumerIndex();
        foreach (var node in Enumerable.Reverse(graph.Nodes))
        {
            if (node.OpType != "Conv" || !ancestors.Contains(node.Outputs[0])) continue;
            // Never past the target: a target on the BatchNorm output itself keeps that value.
            var value = node.Outputs[0];
            foreach (var candidate in FollowChain(node.Outputs[0], consumers))
                if (ancestors.Contains(candidate)) value = candidate;
            return value;
        }
        throw new ConvLensException($"'{network.Model.Source}' has no convolution before '{targetLayer}'; name the layer to read (--cam-layer)");
    }

    /// <summary>The value itself and every value it is computed from.</summary>
    private static HashSet<string> Ancestors(OnnxGraph graph, string value)
    {
        var producers = graph.ProducerIndex();
        var seen = new HashSet<string>(StringComparer.Ordinal) { value };
        var stack = new Stack<string>([value]);
        while (stack.TryPop(out var v))
        {
            if (!producers.TryGetValue(v, out var node)) continue;
            foreach (var input in node.Inputs)
                if (input.Length > 0 && seen.Add(input)) stack.Push(input);
        }
        return seen;
    }

    /// <summary>
    /// The values after a convolution, in order: its BatchNorm, then either its activation or, in a residual
    /// block, the skip connection's Add and the activation after it. Each step needs a single consumer.
    /// </summary>
    private static IEnumerable<string> FollowChain(string value, Dictionary<string, List<Node>> consumers)
    {
        Node? Next(string v) => consumers.TryGetValue(v, out var list) && list.Count == 1 ? list[0] : null;
        if (Next(value) is { OpType: "BatchNormalization" } norm)
        {
            value = norm.Outputs[0];
            yield return value;
        }
        var next = Next(value);
        if (next is not null && Activations.Contains(next.OpType))
        {
            yield return next.Outputs[0];
            yield break;
        }
        if (next is { OpType: "Add" or "Sum" } && Next(next.Outputs[0]) is { } activation && Activations.Contains(activation.OpType))
        {
            yield return next.Outputs[0];
            yield return activation.Outputs[0];
        }
    }
}
