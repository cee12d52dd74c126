using ConvLens.Bench.Infrastructure;
using ConvLens.Runtime;

namespace ConvLens.Bench.Core;

/// <summary>A ConvLens forward session run into output buffers allocated once (<see cref="CompiledGraph.RunInto"/>).</summary>
public sealed class ConvLensForward : ITimedCase
{
    private readonly CompiledGraph _graph;
    private readonly Dictionary<string, FloatTensor> _feeds;
    private readonly Dictionary<string, FloatTensor> _outputs;

    /// <summary>Prepares <paramref name="graph"/> to run on <paramref name="input"/>.</summary>
    public ConvLensForward(string label, CompiledGraph graph, string inputName, FloatTensor input)
    {
        Label = label;
        _graph = graph;
        _feeds = new() { [inputName] = input };
        _outputs = graph.OutputNames.ToDictionary(n => n, n => FloatTensor.Zeros(graph.OutputShape(n, _feeds)
            ?? throw new InvalidOperationException($"the shape of '{n}' depends on data")));
    }

    /// <inheritdoc />
    public string Label { get; }

    /// <summary>The last run's value of graph output <paramref name="name"/>.</summary>
    public FloatTensor Output(string name) => _outputs[name];

    /// <inheritdoc />
    public void RunOnce() => _graph.RunInto(_feeds, _outputs);
}
