using System.Text.Json;
using System.Text.Json.Nodes;
using ConvLens.Bench.Infrastructure;
using ConvLens.Bench.Torch;
using ConvLens.Graph;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using ConvLens.Visualization.Transforms;

namespace ConvLens.Bench.Visualization;

/// <summary>
/// Writes what <c>bench/torch_recipes.py</c> needs (the layers up to the target, the preprocessing, both
/// recipes' settings, the notebook's start image and ConvLens's result from it) and runs it.
/// </summary>
public static class RecipeTorchPeer
{
    /// <summary>The transforms the script implements (it refuses any other set).</summary>
    public const string SupportedTransforms = "pad:12,jitter:8,scale:0.9-1.1,rotate:10,jitter:4";

    /// <summary>
    /// Largest allowed difference between the two engines' first notebook step, relative to the step's length.
    /// The step is the normalised input gradient, whose float32 agreement between the engines is ≈1e-3 when
    /// rounding flips ReLUs (the core benchmark's check) and ≈1e-6 here (measured 9.2e-7); a wrong weight,
    /// layout, preprocessing or objective gives differences near 1.
    /// </summary>
    public const double FirstStepTolerance = 1e-2;

    /// <summary>What one run of the peer is asked to reproduce.</summary>
    /// <param name="BareModel">The network without its preprocessing nodes, pruned to the target (Conv/Relu/MaxPool only).</param>
    /// <param name="Preset">The preprocessing the recipes' pixels go through.</param>
    /// <param name="Channel">The channel visualised.</param>
    /// <param name="Threads">Intra-op threads, as ConvLens used.</param>
    /// <param name="Notebook">The notebook recipe as ConvLens ran it.</param>
    /// <param name="NotebookStart">Its start image in preprocessed space (batch 1).</param>
    /// <param name="NotebookFinal">ConvLens's final image in preprocessed space.</param>
    /// <param name="Modern">The modern recipe as ConvLens ran it.</param>
    /// <param name="NotebookFirstStep">ConvLens's image after the first step, in preprocessed space.</param>
    /// <param name="BatchChannels">Channels of the batch comparison.</param>
    /// <param name="BatchSteps">Notebook steps per run in it.</param>
    /// <param name="BatchSizes">Batch sizes to time them in.</param>
    public sealed record Request(OnnxModel BareModel, PreprocessPreset Preset, int Channel, int Threads, NotebookRecipe Notebook,
        FloatTensor NotebookStart, FloatTensor NotebookFirstStep, FloatTensor NotebookFinal, ModernRecipe Modern,
        int[] BatchChannels, int BatchSteps, int[] BatchSizes);

    /// <summary>Exports <paramref name="request"/> to <paramref name="folder"/>, runs the script and parses its result.</summary>
    /// <exception cref="InvalidOperationException">The script failed or printed no result.</exception>
    /// <exception cref="NotSupportedException">The recipes use something the script does not implement.</exception>
    public static RecipePeerResult Run(string python, string folder, Request request)
    {
        Write(folder, request);
        var script = Path.Combine(BenchPaths.BenchFolder(), "torch_recipes.py");
        return RecipePeerResult.Parse(TorchPeerRunner.Run(python, script, folder));
    }

    private static void Write(string folder, Request r)
    {
        var modern = r.Modern;
        var transforms = (modern.Transforms ?? StandardTransforms.Lucid()) as TransformPipeline;
        if (transforms?.ToString() != SupportedTransforms)
            throw new NotSupportedException($"the PyTorch peer implements the transforms {SupportedTransforms}, not {modern.Transforms}");
        if (modern.Parameterization != ImageParameterizationKind.Fourier || !modern.Decorrelate)
            throw new NotSupportedException("the PyTorch peer implements the Fourier, decorrelated parameterisation only");
        if (r.Preset.HasMeanImage) throw new NotSupportedException($"the PyTorch peer cannot subtract the mean image of preset '{r.Preset.Name}'");
        var scale = transforms.Transforms.OfType<RandomScaleTransform>().Single();
        var rotate = transforms.Transforms.OfType<RandomRotateTransform>().Single();

        var manifest = new JsonObject
        {
            ["threads"] = r.Threads,
            ["channel"] = r.Channel,
            ["layers"] = TorchLayerExport.WriteLayers(folder, r.BareModel),
            ["preprocessing"] = new JsonObject
            {
                ["rgb_to_bgr"] = r.Preset.RgbToBgr, ["offset"] = Floats(r.Preset.Offset), ["divisor"] = Floats(r.Preset.Divisor),
            },
            ["notebook"] = new JsonObject
            {
                ["steps"] = r.Notebook.Steps, ["step_size"] = r.Notebook.StepSize, ["epsilon"] = r.Notebook.Epsilon,
                ["start"] = TorchLayerExport.WriteTensor(folder, "notebook_start.bin", r.NotebookStart),
                ["convlens_first_step"] = TorchLayerExport.WriteTensor(folder, "notebook_convlens_first_step.bin", r.NotebookFirstStep),
                ["convlens_final"] = TorchLayerExport.WriteTensor(folder, "notebook_convlens_final.bin", r.NotebookFinal),
            },
            ["modern"] = new JsonObject
            {
                ["steps"] = modern.Steps, ["learning_rate"] = modern.LearningRate, ["redirect_steps"] = modern.RedirectSteps,
                ["size"] = modern.Size ?? r.NotebookStart.Shape[3], ["seed"] = modern.Seed,
                // FourierParameterization's defaults: Lucid's 1/f decay and initial standard deviation.
                ["decay"] = 1.0, ["std"] = 0.01,
                ["color_matrix"] = Floats(DecorrelatedColorParameterization.ColorMatrix),
                ["transforms"] = transforms.ToString(),
                ["scales"] = Floats(scale.Scales), ["angles"] = Floats(rotate.AnglesDegrees),
            },
            ["batch"] = new JsonObject
            {
                ["channels"] = new JsonArray(r.BatchChannels.Select(c => (JsonNode)c).ToArray()), ["steps"] = r.BatchSteps,
                ["sizes"] = new JsonArray(r.BatchSizes.Select(b => (JsonNode)b).ToArray()),
            },
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonArray Floats(IEnumerable<float> values) => new(values.Select(v => (JsonNode)(double)v).ToArray());

    private static JsonArray Floats(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
