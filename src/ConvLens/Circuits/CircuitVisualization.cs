using ConvLens.Runtime;

namespace ConvLens.Circuits;

/// <summary>Attaches feature visualizations to the nodes of a <see cref="CircuitGraph"/>, one batch per layer.</summary>
public static class CircuitVisualization
{
    /// <summary>
    /// Visualizes every node whose value a network computes (the image input's channels are left without
    /// one: they are colour planes, not features), asking <paramref name="visualizer"/> once per layer.
    /// </summary>
    /// <returns>How many nodes got an image.</returns>
    public static int Attach(Network network, CircuitGraph circuit, IChannelVisualizer visualizer, CancellationToken cancellation = default)
    {
        int attached = 0;
        foreach (var group in circuit.Nodes.GroupBy(n => n.Value))
        {
            cancellation.ThrowIfCancellationRequested();
            if (network.Layers.Find(group.Key) is not { IsPreprocessing: false }) continue;
            var nodes = group.ToList();
            var images = visualizer.Visualize(network, group.Key, nodes.Select(n => n.Channel).ToList(), cancellation);
            if (images.Count != nodes.Count)
                throw new InvalidOperationException($"the visualizer returned {images.Count} images for {nodes.Count} channels of '{group.Key}'");
            for (int i = 0; i < nodes.Count; i++) nodes[i].Image = images[i];
            attached += nodes.Count;
        }
        return attached;
    }
}
