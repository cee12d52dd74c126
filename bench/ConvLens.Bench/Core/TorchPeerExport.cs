using System.Text.Json;
using System.Text.Json.Nodes;
using ConvLens.Bench.Torch;
using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Bench.Core;

/// <summary>
/// Writes what <c>bench/torch_peer.py</c> needs: the layers that compute the target
/// (<see cref="TorchLayerExport"/>), one input, one seed and ConvLens's activation and gradient for them, and the timing plan.
/// </summary>
public static class TorchPeerExport
{
    /// <summary>
    /// Relative L2 error allowed between the activations of PyTorch and ConvLens. Both compute in float32
    /// but sum the 27–1152-term dot products of six convolutions in different orders (oneDNN vs MLAS),
    /// which leaves about 1e-6; any wrong weight, layout or padding gives errors near 1.
    /// </summary>
    public const double ActivationTolerance = 1e-4;

    /// <summary>
    /// Relative L2 error allowed between the input gradients. Looser than the activations' because
    /// pre-activations come within 1e-8 of zero here: a rounding difference flips a ReLU (or a max-pool
    /// choice), which moves a whole receptive field of the gradient. Measured: PyTorch float32 and ConvLens
    /// each differ from a float64 PyTorch gradient by ≈2e-3 and from each other by ≈1e-3; a wrong rule
    /// (untransposed or unflipped kernel, wrong mask) gives errors near 1.
    /// </summary>
    public const double GradientTolerance = 1e-2;

    /// <summary>Writes the folder.</summary>
    /// <param name="folder">An existing empty folder.</param>
    /// <param name="model">The network's prepared graph.</param>
    /// <param name="target">The layer name (<c>block3_conv2</c>).</param>
    /// <param name="targetValue">The graph value it resolves to.</param>
    /// <param name="input">A batch-1 input.</param>
    /// <param name="seed">The seed dA for it.</param>
    /// <param name="activation">ConvLens's activation of the target for <paramref name="input"/>.</param>
    /// <param name="gradient">ConvLens's input gradient, or null when gradients are not available yet.</param>
    /// <param name="plans">(threads, batch, timed runs) to measure.</param>
    /// <param name="warmup">Untimed runs before each plan.</param>
    /// <param name="randomSeed">Seed for the peer's timing inputs.</param>
    public static void Write(string folder, OnnxModel model, string target, string targetValue, FloatTensor input, FloatTensor seed,
        FloatTensor activation, FloatTensor? gradient, IEnumerable<(int Threads, int Batch, int Runs)> plans, int warmup, int randomSeed)
    {
        var layers = TorchLayerExport.WriteLayers(folder, GraphPruner.Prune(model, [targetValue]));
        var manifest = new JsonObject
        {
            ["target"] = target,
            ["layers"] = layers,
            ["input"] = WriteTensor(folder, "input.bin", input),
            ["seed"] = WriteTensor(folder, "seed.bin", seed),
            ["activation"] = WriteTensor(folder, "activation.bin", activation),
            ["gradient"] = gradient is null ? null : WriteTensor(folder, "gradient.bin", gradient),
            ["activation_tolerance"] = ActivationTolerance,
            ["gradient_tolerance"] = GradientTolerance,
            ["warmup"] = warmup,
            ["random_seed"] = randomSeed,
            ["plans"] = new JsonArray(plans.Select(p => (JsonNode)new JsonObject
            {
                ["threads"] = p.Threads, ["batch"] = p.Batch, ["runs"] = p.Runs, ["input_chw"] = Ints(input.Shape[1..].Select(d => (long)d).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject WriteTensor(string folder, string file, FloatTensor tensor) => TorchLayerExport.WriteTensor(folder, file, tensor);

    private static JsonArray Ints(long[] values) => TorchLayerExport.Ints(values);
}
