using ConvLens.Graph;

namespace ConvLens.Tests.Models;

/// <summary>
/// A tiny ImageNet-shaped classifier whose answer is known: the mean colour of the image (pixels
/// 0..255) times <see cref="Scale"/> is the logit of class 281 (tabby) for red, 1 (goldfish) for green,
/// 999 (toilet tissue) for blue; every other logit is 0.
/// </summary>
public static class ColourClassifier
{
    public const float Scale = 0.02f;
    public const int RedClass = 281, GreenClass = 1, BlueClass = 999;

    /// <summary>How the graph ends.</summary>
    public enum Ending { Softmax, Logits, LogSoftmax, SoftmaxThenReshape }

    public static OnnxModel Build(Ending ending = Ending.Softmax, int size = 32, int classes = 1000)
    {
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, size, size);
        var mean = b.Node("GlobalAveragePool", [x], "mean_colour").Outputs[0];
        var flat = b.Node("Flatten", [mean], "flat").With("axis", 1L).Outputs[0];
        var w = new float[3 * classes];
        w[0 * classes + RedClass % classes] = Scale;
        w[1 * classes + GreenClass % classes] = Scale;
        w[2 * classes + BlueClass % classes] = Scale;
        var logits = b.Node("Gemm", [flat, b.Weight("w", w, 3, classes), b.Weight("b", new float[classes], classes)], "logits").Outputs[0];
        var output = ending switch
        {
            Ending.Logits => logits,
            Ending.LogSoftmax => b.Node("LogSoftmax", [logits], "log_probabilities").With("axis", 1L).Outputs[0],
            Ending.SoftmaxThenReshape => b.Node("Reshape",
                [b.Node("Softmax", [logits], "probabilities").With("axis", 1L).Outputs[0], b.Ints("shape", 0, classes, 1, 1)], "reshaped").Outputs[0],
            _ => b.Node("Softmax", [logits], "probabilities").With("axis", 1L).Outputs[0],
        };
        b.Output(output);
        return b.Build();
    }

    /// <summary>The probability of the winning class for a solid image whose winning channel is <paramref name="value"/>, in double.</summary>
    public static double WinnerProbability(double value, int classes = 1000)
    {
        double e = Math.Exp(Scale * value);
        return e / (e + classes - 1);
    }

    /// <summary>The probability of each losing class in the same case.</summary>
    public static double LoserProbability(double value, int classes = 1000) => 1 / (Math.Exp(Scale * value) + classes - 1);
}
