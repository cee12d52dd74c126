using ConvLens.Circuits;
using ConvLens.Imaging;
using ConvLens.Runtime;
using ConvLens.Visualization;

namespace ConvLens.Reporting;

/// <summary>
/// The circuit stage of a report: visualizes the top input channels of the kernel analysis (the circuit
/// figure's lower row), then builds the circuit graph and attaches its thumbnails, reusing the channels
/// already made so each is optimised once.
/// </summary>
internal static class LabReportCircuit
{
    public static LabReportCircuitResult Compute(Network network, KernelAnalysis kernels, LabReportOptions options, VisualizationRecipe recipe,
        Action<double, string> report, CancellationToken cancellation)
    {
        var inputValue = kernels.Target.Conv.InputValue;
        var channels = kernels.TopSlices.Select(s => s.InputChannel).ToList();
        bool visualizable = network.Layers.Find(inputValue) is { IsPreprocessing: false };
        CircuitGraph? graph = null;
        string? problem = null;
        if (options.CircuitDepth >= 1)
        {
            try
            {
                graph = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, options.Layer, options.Channel, new CircuitGraphOptions
                {
                    Depth = Math.Min(options.CircuitDepth, CircuitGraphOptions.MaxDepth),
                    Top = options.KernelTop,
                    Fanout = options.CircuitFanout,
                });
            }
            catch (ConvLensException e)
            {
                problem = e.Message;
            }
        }

        // One pass for the figure's channels, then one per layer of the graph that still needs channels.
        int passes = 0;
        int expected = (visualizable ? 1 : 0) + (graph?.Nodes.Where(n => network.Layers.Find(n.Value) is { IsPreprocessing: false })
            .GroupBy(n => n.Value).Count(g => g.Any(n => !(visualizable && n.Value == inputValue && channels.Contains(n.Channel)))) ?? 0);
        var inner = new RecipeChannelVisualizer(recipe, RecipeChannelVisualizer.DefaultDisplay(recipe), new CallbackProgress<VisualizationProgress>(p =>
            report((passes + (double)p.Step / Math.Max(1, p.Steps)) / Math.Max(1, expected), $"pass {passes + 1}/{expected}, step {p.Step}/{p.Steps}")));
        var visualizer = new CachingChannelVisualizer(new CountingVisualizer(inner, () => passes++));

        IReadOnlyList<RgbImage?> images = visualizable
            ? visualizer.Visualize(network, inputValue, channels, cancellation).Select(i => (RgbImage?)i).ToList()
            : channels.Select(_ => (RgbImage?)null).ToList();
        if (graph is not null) CircuitVisualization.Attach(network, graph, visualizer, cancellation);
        return new LabReportCircuitResult(images, graph, problem, visualizer.Made);
    }

    /// <summary>Counts the visualizer's calls, so progress knows which pass it is in.</summary>
    private sealed class CountingVisualizer(IChannelVisualizer inner, Action called) : IChannelVisualizer
    {
        public IReadOnlyList<RgbImage> Visualize(Network network, string layer, IReadOnlyList<int> channels, CancellationToken cancellation = default)
        {
            var images = inner.Visualize(network, layer, channels, cancellation);
            called();
            return images;
        }
    }
}
