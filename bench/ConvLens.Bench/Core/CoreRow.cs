using ConvLens.Bench.Infrastructure;

namespace ConvLens.Bench.Core;

/// <summary>Everything measured for one (threads, batch) configuration.</summary>
public sealed class CoreRow(int threads, int batch, int runs)
{
    /// <summary>Intra-op threads.</summary>
    public int Threads { get; } = threads;

    /// <summary>Images per run.</summary>
    public int Batch { get; } = batch;

    /// <summary>Timed runs per case.</summary>
    public int Runs { get; } = runs;

    /// <summary>ConvLens, full VGG19 forward.</summary>
    public TimingSamples? ConvLensFull { get; set; }

    /// <summary>Plain ONNX Runtime, full VGG19 forward.</summary>
    public TimingSamples? PlainFull { get; set; }

    /// <summary>Largest difference between the two full-forward outputs (softmax probabilities).</summary>
    public double FullOutputMaxDiff { get; set; }

    /// <summary>ConvLens forward to the gradient target.</summary>
    public TimingSamples? ConvLensForward { get; set; }

    /// <summary>ConvLens forward + input gradient to the target; null when gradients are unavailable.</summary>
    public TimingSamples? ConvLensGradient { get; set; }

    /// <summary>PyTorch's median forward to the target, in ms.</summary>
    public double? TorchForwardMs { get; set; }

    /// <summary>PyTorch's median forward + input gradient, in ms.</summary>
    public double? TorchGradientMs { get; set; }

    /// <summary>PyTorch's timed runs per case.</summary>
    public int? TorchRuns { get; set; }
}
