using ConvLens.Bench.Infrastructure;
using ConvLens.Runtime;

namespace ConvLens.Bench.Core;

/// <summary>
/// A ConvLens gradient session (forward to a layer, then the input gradient of <c>sum(dA · A)</c>) run into
/// output buffers allocated once, like <see cref="ConvLensForward"/>, so the two times compare engine work only.
/// </summary>
public sealed class ConvLensGradient : ITimedCase
{
    private readonly GradientSession _session;
    private readonly Dictionary<string, FloatTensor> _feeds;
    private readonly Dictionary<string, FloatTensor> _outputs;
    private readonly string _layer;

    /// <summary>Prepares <paramref name="session"/> (seeded at <paramref name="layer"/>) for one input and seed.</summary>
    public ConvLensGradient(GradientSession session, string layer, FloatTensor input, FloatTensor seed)
    {
        _session = session;
        _layer = layer;
        _feeds = new() { [session.InputName] = input, [session.SeedInputs[layer]] = seed };
        _outputs = session.Graph.OutputNames.ToDictionary(n => n, n => FloatTensor.Zeros(session.Graph.OutputShape(n, _feeds)
            ?? throw new InvalidOperationException($"the shape of '{n}' depends on data")));
    }

    /// <inheritdoc />
    public string Label => "ConvLens gradient";

    /// <summary>The last run's gradient with respect to the input.</summary>
    public FloatTensor InputGradient => _outputs[_session.GradientOutputs[_session.InputName]];

    /// <summary>The last run's activation of the seeded layer.</summary>
    public FloatTensor Activation => _outputs[_session.OutputValues[_layer]];

    /// <inheritdoc />
    public void RunOnce() => _session.Graph.RunInto(_feeds, _outputs);
}
