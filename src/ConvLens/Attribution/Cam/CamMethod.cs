using ConvLens.Attribution.Targets;
using ConvLens.Runtime;

namespace ConvLens.Attribution.Cam;

/// <summary>
/// The class-activation-map family: read a convolutional layer's activations A (C × h × w) and the
/// gradient of the target with respect to them (both from one forward-and-backward run), let the method
/// combine them into one h × w map, and keep its positive part. Subclasses only say how they weigh the
/// activations (<see cref="Combine"/>); validation, the run, batching and the result live here.
/// </summary>
public abstract class CamMethod : IAttributionMethod
{
    /// <summary>The layer to read (name or alias); null chooses <see cref="CamLayers.Default"/>.</summary>
    public string? Layer { get; init; }

    /// <summary>Inputs per run for methods that score many inputs (Score-CAM); bounds memory.</summary>
    public int BatchSize { get; init; } = 16;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Whether <see cref="Combine"/> reads <see cref="CamActivations.Gradients"/>.</summary>
    protected virtual bool UsesGradients => true;

    /// <inheritdoc />
    public AttributionMap Explain(Network network, FloatTensor image, IAttributionTarget target)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(target);
        var input = AttributionInput.Single(network, image);
        var passes = new TargetPasses(network, target, AttributionInput.BatchSize(BatchSize));
        var targetLayer = network.Layers.Resolve(target.Layer);
        var camLayer = network.Layers.Resolve(Layer ?? CamLayers.Default(network, target.Layer));
        var shape = AttributionInput.ItemShape(camLayer);
        if (shape.Length != 3)
            throw new ConvLensException($"{Name} reads a convolutional layer (N, C, H, W); '{camLayer.DisplayName}' has shape {camLayer.Shape}");
        // Written before any run, so a target that does not fit the layer fails at once.
        var seed = passes.Seed(1);

        float[] activations, targetActivations;
        float[]? gradients = null;
        if (UsesGradients)
        {
            var session = network.Gradient(new GradientRequest
            {
                SeededLayers = [target.Layer],
                WithRespectTo = [camLayer.Value],
                Outputs = new[] { camLayer.Value, targetLayer.Value }.Distinct().ToArray(),
            });
            var outputs = session.Run(input, new Dictionary<string, FloatTensor> { [target.Layer] = seed });
            activations = outputs[session.OutputValues[camLayer.Value]].Data;
            targetActivations = outputs[session.OutputValues[targetLayer.Value]].Data;
            gradients = outputs[session.GradientOutputs[camLayer.Value]].Data;
        }
        else
        {
            var outputs = network.Activations(input, camLayer.Value, targetLayer.Value);
            activations = outputs[camLayer.Value].Data;
            targetActivations = outputs[targetLayer.Value].Data;
        }

        var layer = new CamActivations(activations, gradients, shape[0], shape[1], shape[2], input.Data, network.InputSize, passes);
        var map = Combine(layer);
        if (map.Length != layer.Plane) throw new InvalidOperationException($"{Name} returned {map.Length} values for a {layer.Height} × {layer.Width} map");
        // The positive part: the regions that raise the score (pytorch-grad-cam applies it to every method).
        for (int i = 0; i < map.Length; i++) map[i] = map[i] > 0 ? map[i] : 0f;
        var (_, inputHeight, inputWidth) = network.InputSize;
        return new AttributionMap
        {
            Method = Name,
            Target = target.Description,
            Layer = camLayer.DisplayName,
            Values = map,
            Height = layer.Height,
            Width = layer.Width,
            InputHeight = inputHeight,
            InputWidth = inputWidth,
            Score = TargetPasses.Dot(seed.Data, targetActivations),
            Normalization = MapNormalization.MinMax,
        };
    }

    /// <summary>The method's map (h × w, row-major) before its positive part is taken.</summary>
    protected abstract float[] Combine(CamActivations layer);

    /// <summary>Σ_c weights[c] · A_c: the map of per-channel weights.</summary>
    protected static float[] WeightedSum(CamActivations layer, ReadOnlySpan<double> weights)
    {
        var sum = new double[layer.Plane];
        for (int c = 0; c < layer.Channels; c++)
        {
            double w = weights[c];
            if (w == 0) continue;
            var a = layer.Channel(c);
            for (int p = 0; p < sum.Length; p++) sum[p] += w * a[p];
        }
        return ToFloats(sum);
    }

    /// <summary>The mean of each channel's gradient over its positions.</summary>
    protected static double[] MeanGradients(CamActivations layer)
    {
        var means = new double[layer.Channels];
        for (int c = 0; c < layer.Channels; c++)
        {
            double sum = 0;
            foreach (var g in layer.ChannelGradient(c)) sum += g;
            means[c] = sum / layer.Plane;
        }
        return means;
    }

    /// <summary>Doubles rounded to floats.</summary>
    protected static float[] ToFloats(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (float)values[i];
        return result;
    }
}
