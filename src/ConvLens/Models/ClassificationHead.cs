using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Models;

/// <summary>
/// The class-score output of a classifier network and how to read it. An output counts as class
/// scores when each image gets one vector (every non-batch dimension but one is 1) of 1000 scores
/// (ImageNet) or comes straight from Softmax, LogSoftmax, Gemm or MatMul; pooled feature maps such as
/// the packaged ResNet18's (N, 512, 1, 1) do not. The scores are probabilities when the graph computes
/// them with Softmax (through any reshapes after it), log-probabilities after LogSoftmax, and logits
/// otherwise, which get a softmax here: never a second softmax on probabilities.
/// </summary>
public sealed class ClassificationHead
{
    private static readonly HashSet<string> ShapeOnly = new(StringComparer.Ordinal) { "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze" };
    private static readonly HashSet<string> ScoreProducers = new(StringComparer.Ordinal) { "Softmax", "LogSoftmax", "Gemm", "MatMul" };

    private readonly Func<int, ClassificationLabel> _labels;

    private ClassificationHead(string output, int classCount, ClassificationScoreKind kind, Func<int, ClassificationLabel> labels)
    {
        Output = output;
        ClassCount = classCount;
        Kind = kind;
        _labels = labels;
    }

    /// <summary>Name of the graph output holding the class scores.</summary>
    public string Output { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>What the output's numbers are.</summary>
    public ClassificationScoreKind Kind { get; }

    /// <summary>True when the classes are the 1000 ImageNet classes and have names.</summary>
    public bool IsImageNet => ClassCount == ImageNetLabels.ClassCount;

    /// <summary>The label of class <paramref name="index"/>.</summary>
    public ClassificationLabel Label(int index) => _labels(index);

    /// <summary>The class-score output of <paramref name="network"/>.</summary>
    /// <exception cref="ConvLensException">The network has no classifier; the message says what its outputs are.</exception>
    public static ClassificationHead Of(Network network)
    {
        var graph = network.Model.Graph;
        var producers = graph.ProducerIndex();
        var reasons = new List<string>();
        foreach (var output in graph.Outputs)
        {
            var shape = graph.ShapeOf(output.Name) ?? output.Shape;
            producers.TryGetValue(output.Name, out var producer);
            var source = ScoreSource(producer, producers);
            int? classes = ClassCountOf(shape);
            string what = $"'{output.Name}' {shape?.ToString() ?? "(unknown shape)"} from {producer?.OpType ?? "no node"}";
            if (classes is null or < 2) { reasons.Add(what); continue; }
            bool scoreOp = source is not null && ScoreProducers.Contains(source.OpType);
            if (classes != ImageNetLabels.ClassCount && !scoreOp) { reasons.Add(what); continue; }
            var kind = source?.OpType switch
            {
                "Softmax" => ClassificationScoreKind.Probabilities,
                "LogSoftmax" => ClassificationScoreKind.LogProbabilities,
                _ => ClassificationScoreKind.Logits,
            };
            Func<int, ClassificationLabel> labels = ClassificationLabel.Unnamed;
            if (classes == ImageNetLabels.ClassCount)
            {
                var imageNet = ImageNetLabels.Load();
                labels = i => imageNet[i];
            }
            return new ClassificationHead(output.Name, classes.Value, kind, labels);
        }
        throw new ConvLensException(
            $"'{network.Model.Source}' has no classifier: its output {string.Join(", ", reasons)} " +
            "is not one score per class (a classifier ends in 1000 ImageNet scores or in Softmax, Gemm or MatMul); " +
            "classify needs a model with its top, such as vgg19 or vgg16 (`convlens fetch vgg19`)");
    }

    /// <summary>
    /// Runs <paramref name="network"/> on each image of <paramref name="images"/> (N, C, H, W) and decodes
    /// the <paramref name="top"/> most probable classes of each.
    /// </summary>
    public IReadOnlyList<ClassificationPrediction[]> Predict(Network network, FloatTensor images, int top)
    {
        var results = new List<ClassificationPrediction[]>(images.BatchSize);
        // One image per run: fixed-batch models accept nothing else, and on CPU batching gains little.
        for (int i = 0; i < images.BatchSize; i++)
        {
            var scores = network.Activations(images.ItemTensor(i), Output)[Output];
            results.Add(Decode(scores.Data, top));
        }
        return results;
    }

    /// <summary>Decodes one image's scores.</summary>
    public ClassificationPrediction[] Decode(ReadOnlySpan<float> scores, int top)
    {
        if (scores.Length != ClassCount)
            throw new ArgumentException($"expected {ClassCount} scores, got {scores.Length}", nameof(scores));
        var probabilities = Kind switch
        {
            ClassificationScoreKind.Probabilities => scores.ToArray(),
            ClassificationScoreKind.LogProbabilities => scores.ToArray().Select(MathF.Exp).ToArray(),
            _ => Classification.Softmax(scores),
        };
        return Classification.TopK(probabilities, top, _labels);
    }

    /// <summary>The node that computed the scores, looking through reshapes after it.</summary>
    private static Node? ScoreSource(Node? node, Dictionary<string, Node> producers)
    {
        while (node is not null && ShapeOnly.Contains(node.OpType) && producers.TryGetValue(node.Inputs[0], out var before))
            node = before;
        return node;
    }

    /// <summary>The number of scores per image when the output is one vector per image, else null.</summary>
    private static int? ClassCountOf(TensorShape? shape)
    {
        if (shape is null || shape.Rank < 2) return null;
        var perImage = shape.Dims.Skip(1).ToArray();
        if (perImage.Any(d => !d.IsKnown)) return null;
        var wide = perImage.Where(d => d.Value != 1).ToArray();
        if (wide.Length > 1) return null;
        return wide.Length == 0 ? 1 : (int)wide[0].Value;
    }
}
