using System.Text.Json.Nodes;
using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Bench.Torch;

/// <summary>
/// Writes a chain of Conv / Relu / MaxPool nodes (read from a ConvLens graph, so a PyTorch peer cannot drift
/// from the network ConvLens measures) as the JSON layer list and raw float32 weight files that
/// <c>torch_peer.build</c> rebuilds as torchvision would.
/// </summary>
public static class TorchLayerExport
{
    /// <summary>The layers of <paramref name="pruned"/> (already pruned to the target), weights written to <paramref name="folder"/>.</summary>
    /// <exception cref="NotSupportedException">A node the peer cannot rebuild (any other operator, ceil mode, auto_pad).</exception>
    public static JsonArray WriteLayers(string folder, OnnxModel pruned)
    {
        var initializers = pruned.Graph.Initializers;
        var layers = new JsonArray();
        foreach (var node in pruned.Graph.Nodes)
        {
            var layer = new JsonObject { ["op"] = node.OpType, ["name"] = node.DisplayName };
            switch (node.OpType)
            {
                case "Conv":
                    layer["weight"] = WriteTensor(folder, $"{layers.Count:D2}_weight.bin", initializers[node.Inputs[1]]);
                    layer["bias"] = WriteTensor(folder, $"{layers.Count:D2}_bias.bin", initializers[node.Inputs[2]]);
                    int spatial = initializers[node.Inputs[1]].Dims.Length - 2;
                    layer["pads"] = Ints(node.Ints("pads") ?? new long[2 * spatial]);
                    layer["strides"] = Ints(node.Ints("strides") ?? Enumerable.Repeat(1L, spatial).ToArray());
                    layer["dilations"] = Ints(node.Ints("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray());
                    layer["group"] = node.Int("group", 1);
                    if (node.String("auto_pad", "NOTSET") != "NOTSET") throw Unsupported(node, "auto_pad");
                    break;
                case "MaxPool":
                    var kernel = node.Ints("kernel_shape")!;
                    layer["kernel_shape"] = Ints(kernel);
                    layer["strides"] = Ints(node.Ints("strides") ?? Enumerable.Repeat(1L, kernel.Length).ToArray());
                    layer["pads"] = Ints(node.Ints("pads") ?? new long[2 * kernel.Length]);
                    if (node.Int("ceil_mode", 0) != 0 || node.String("auto_pad", "NOTSET") != "NOTSET") throw Unsupported(node, "ceil_mode/auto_pad");
                    break;
                case "Relu":
                    break;
                default:
                    throw Unsupported(node, "the operator");
            }
            layers.Add(layer);
        }
        return layers;
    }

    /// <summary>Writes <paramref name="tensor"/> as raw float32 and returns its manifest entry (file and shape).</summary>
    public static JsonObject WriteTensor(string folder, string file, FloatTensor tensor) =>
        WriteTensor(folder, file, tensor.Data, tensor.Shape.Select(d => (long)d).ToArray());

    /// <summary>A JSON array of integers.</summary>
    public static JsonArray Ints(long[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static NotSupportedException Unsupported(Node node, string what) =>
        new($"the PyTorch peer cannot rebuild {what} of node '{node.DisplayName}' ({node.OpType})");

    private static JsonObject WriteTensor(string folder, string file, ConstTensor tensor)
    {
        if (tensor.ElementType != TensorElementType.Float) throw new NotSupportedException($"{file}: only float32 weights are exported");
        return WriteTensor(folder, file, tensor.ToFloats(), tensor.Dims);
    }

    private static JsonObject WriteTensor(string folder, string file, float[] data, long[] shape)
    {
        // Raw little-endian float32, the layout torch.frombuffer reads (every supported machine is little-endian).
        using (var stream = File.Create(Path.Combine(folder, file)))
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return new JsonObject { ["file"] = file, ["shape"] = Ints(shape) };
    }
}
