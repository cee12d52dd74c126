using ConvLens.Graph;

namespace ConvLens.Tests.Models.Keras;

/// <summary>
/// An ONNX graph that applies Keras's weights exactly as the file stores them, independent of the Keras
/// reader's rearranging: HWIO kernels become OIHW through Transpose nodes in the graph, and the final map
/// is transposed to (N, H, W, C) before flattening, so fc1's kernel is used in Keras's own row order.
/// </summary>
internal static class KerasSemanticsOnnx
{
    /// <summary>Builds the graph; its output is <c>logits</c>.</summary>
    public static OnnxModel Build(KerasTestVgg vgg)
    {
        var b = new GraphBuilder(opset: 17);
        var x = b.Input("input", Dim.Sym("N"), 3, vgg.ImageSize, vgg.ImageSize);
        foreach (var layer in vgg.Layers)
        {
            var name = layer.Name;
            if (name.Contains("_conv"))
            {
                var hwio = b.Weight($"{name}/hwio", layer.Kernel!, layer.KernelDims!);
                var oihw = b.Node("Transpose", [hwio], $"{name}/oihw").With("perm", new long[] { 3, 2, 0, 1 }).Outputs[0];
                var bias = b.Weight($"{name}/b", layer.Bias!, layer.Bias!.Length);
                var conv = b.Node("Conv", [x, oihw, bias], $"{name}/conv").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
                x = b.Node("Relu", [conv], $"{name}/relu").Outputs[0];
            }
            else if (name.EndsWith("_pool"))
            {
                x = b.Node("MaxPool", [x], $"{name}/max").With("kernel_shape", new long[] { 2, 2 }).With("strides", new long[] { 2, 2 }).Outputs[0];
            }
            else if (name == "flatten")
            {
                var nhwc = b.Node("Transpose", [x], "flatten/nhwc").With("perm", new long[] { 0, 2, 3, 1 }).Outputs[0];
                x = b.Node("Flatten", [nhwc], "flatten/out").With("axis", 1L).Outputs[0];
            }
            else if (layer.HasWeights)
            {
                var w = b.Weight($"{name}/w", layer.Kernel!, layer.KernelDims!);
                var bias = b.Weight($"{name}/b", layer.Bias!, layer.Bias!.Length);
                var product = b.Node("MatMul", [x, w], $"{name}/matmul").Outputs[0];
                x = b.Node("Add", [product, bias], name == "predictions" ? "logits" : $"{name}/add").Outputs[0];
                if (name != "predictions") x = b.Node("Relu", [x], $"{name}/relu").Outputs[0];
            }
        }
        b.Output(x);
        return b.Build();
    }
}
