using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Attribution.Targets;

/// <summary>
/// The score of one class: its logit, the value before a final Softmax or LogSoftmax (Grad-CAM explains
/// the score before the softmax; probabilities would mix in every other class).
/// </summary>
/// <param name="Layer">The layer holding the class scores, one vector per image.</param>
/// <param name="ClassIndex">The class, 0-based.</param>
/// <param name="Name">The class's name for titles, when known.</param>
public sealed record ClassTarget(string Layer, int ClassIndex, string? Name = null) : IAttributionTarget
{
    private static readonly HashSet<string> ShapeOnly = new(StringComparer.Ordinal) { "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

    /// <inheritdoc />
    public string Description => Name is null ? $"class {ClassIndex}" : $"class {ClassIndex} ({Name})";

    /// <inheritdoc />
    public void WriteSeed(FloatTensor seed)
    {
        int classes = seed.ItemLength;
        if (ClassIndex < 0 || ClassIndex >= classes)
            throw new ConvLensException($"'{Layer}' holds {classes} class scores (0..{classes - 1}); class {ClassIndex} is out of range");
        for (int i = 0; i < seed.BatchSize; i++) seed.Item(i)[ClassIndex] = 1f;
    }

    /// <summary>The target for class <paramref name="classIndex"/> of <paramref name="network"/>'s classifier.</summary>
    /// <exception cref="ConvLensException">The network has no classifier, or the class is out of range.</exception>
    public static ClassTarget For(Network network, int classIndex)
    {
        var (head, logits) = ScoresOf(network);
        if (classIndex < 0 || classIndex >= head.ClassCount)
            throw new ConvLensException($"'{network.Model.Source}' has {head.ClassCount} classes (0..{head.ClassCount - 1}); class {classIndex} is out of range");
        return new ClassTarget(logits, classIndex, head.IsImageNet ? head.Label(classIndex).Name : null);
    }

    /// <summary>The target for the class <paramref name="network"/> ranks first on <paramref name="image"/> (1, C, H, W).</summary>
    /// <exception cref="ConvLensException">The network has no classifier.</exception>
    public static ClassTarget TopPrediction(Network network, FloatTensor image)
    {
        var (head, _) = ScoresOf(network);
        var top = head.Predict(network, image, 1)[0][0];
        return For(network, top.Index);
    }

    /// <summary>The classifier and the value holding its logits.</summary>
    /// <exception cref="ConvLensException">The network has no classifier; the message says to explain a channel instead.</exception>
    public static (ClassificationHead Head, string Logits) ScoresOf(Network network)
    {
        ClassificationHead head;
        try { head = ClassificationHead.Of(network); }
        catch (ConvLensException e)
        {
            var output = network.Model.Graph.Outputs.FirstOrDefault();
            throw new ConvLensException(
                $"'{network.Model.Source}' has no classifier (its output '{output?.Name}' {output?.Shape} is not one score per class), so it has no class " +
                "to explain; explain a channel instead (--layer L --channel C, a ChannelTarget), or use a model with its top such as vgg19", e);
        }
        return (head, LogitsOf(network.Model.Graph, head.Output));
    }

    /// <summary>The input of the Softmax or LogSoftmax that produces <paramref name="output"/> (through reshapes), else the output itself.</summary>
    private static string LogitsOf(OnnxGraph graph, string output)
    {
        var producers = graph.ProducerIndex();
        var value = output;
        while (producers.TryGetValue(value, out var node))
        {
            if (node.OpType is "Softmax" or "LogSoftmax") return node.Inputs[0];
            if (!ShapeOnly.Contains(node.OpType)) break;
            value = node.Inputs[0];
        }
        return output;
    }
}
