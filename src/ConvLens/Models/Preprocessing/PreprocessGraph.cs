using ConvLens.Graph;

namespace ConvLens.Models.Preprocessing;

/// <summary>
/// Writes a preset as graph nodes in front of a model. Only operators with gradient rules are used, and
/// none that changes how layers are named: the channel reversal is one Slice with step −1 (a 1×1 Conv
/// would become the positional alias <c>conv1</c>, and a Concat would stop VGG-style chains from getting
/// Keras names); offsets and divisors are broadcasting Sub and Div.
/// </summary>
internal static class PreprocessGraph
{
    /// <summary>Name of the new pixel input (made unique if the model already uses it).</summary>
    public const string PixelInputName = "pixels";

    public static OnnxModel Prepend(OnnxModel model, PreprocessPreset preset)
    {
        var result = model.Clone();
        // Slice takes its step as an input from opset 10 on; bringing older models (the CNTK ResNet18 is
        // opset 8) to opset-13 form first lets the new nodes use one form everywhere.
        OpsetNormalizer.Normalize(result);
        var graph = result.Graph;
        var original = CheckInput(result, preset);
        var taken = graph.AllValueNames();
        string Fresh(string prefix)
        {
            var name = graph.UniqueName(prefix, taken);
            taken.Add(name);
            return name;
        }

        var pixels = Fresh(PixelInputName);
        var nodes = new List<Node>();
        string current = pixels;
        void Emit(string opType, string name, params string[] operands)
        {
            var output = Fresh($"preprocess/{name}");
            nodes.Add(new Node(opType, [current, .. operands], [output], $"preprocess/{name}"));
            current = output;
        }
        string Constant(string name, ConstTensor tensor)
        {
            var id = Fresh($"preprocess/{name}");
            graph.Initializers[id] = tensor;
            return id;
        }

        if (preset.RgbToBgr)
            // Channels read from the last to the first: starts 2, ends "before the beginning", step −1 on axis 1.
            Emit("Slice", "rgb_to_bgr", Constant("reverse_starts", ConstTensor.Vector(2)), Constant("reverse_ends", ConstTensor.Vector(long.MinValue)),
                Constant("reverse_axes", ConstTensor.Vector(1)), Constant("reverse_steps", ConstTensor.Vector(-1)));
        if (preset.Offset.Any(o => o != 0))
            Emit("Sub", "subtract_mean", Constant("mean", preset.HasMeanImage
                ? ConstTensor.FromFloats(preset.Offset, 1, 3, preset.OffsetHeight, preset.OffsetWidth)
                : ConstTensor.FromFloats(preset.Offset, 1, 3, 1, 1)));
        if (preset.Divisor.Any(d => d != 1))
            Emit("Div", "divide", Constant("divisor", ConstTensor.FromFloats(preset.Divisor, 1, 3, 1, 1)));
        if (nodes.Count == 0) Emit("Identity", "identity");

        // The last node now computes the value the model's layers read: give it the original input's name.
        nodes[^1].Outputs[0] = original.Name;
        graph.Inputs[0] = new ValueInfo(pixels, TensorElementType.Float, original.Shape);
        graph.Nodes.InsertRange(0, nodes);
        result.Metadata[PreprocessMetadata.Preset] = preset.Name;
        result.Metadata[PreprocessMetadata.PreprocessedInput] = original.Name;
        result.Metadata[PreprocessMetadata.PixelInput] = pixels;
        ShapeInference.Infer(result);
        return result;
    }

    private static ValueInfo CheckInput(OnnxModel model, PreprocessPreset preset)
    {
        var inputs = model.Graph.Inputs;
        if (inputs.Count != 1)
            throw new ConvLensException($"'{model.Source}' has {inputs.Count} runtime inputs ({string.Join(", ", inputs.Select(i => i.Name))}); preprocessing '{preset.Name}' needs one image input");
        var input = inputs[0];
        if (input.ElementType != TensorElementType.Float || input.Shape is not { Rank: 4 } shape)
            throw new ConvLensException($"'{model.Source}': input '{input.Name}' is {input.ElementType} {input.Shape?.ToString() ?? "(unknown shape)"}; preprocessing '{preset.Name}' needs a float image batch (N, 3, H, W)");
        if (!preset.IsIdentity && shape[1].IsKnown && shape[1].Value != 3)
            throw new ConvLensException($"'{model.Source}': input '{input.Name}' {shape} has {shape[1].Value} channels; preprocessing '{preset.Name}' works on RGB images (3 channels)");
        if (preset.HasMeanImage && (shape[2].IsKnown && shape[2].Value != preset.OffsetHeight || shape[3].IsKnown && shape[3].Value != preset.OffsetWidth))
            throw new ConvLensException($"'{model.Source}': input '{input.Name}' {shape} is not {preset.OffsetHeight} × {preset.OffsetWidth}, the size of preprocessing '{preset.Name}''s mean image");
        return input;
    }
}
