using ConvLens.Graph;

namespace ConvLens.Models.Keras;

/// <summary>
/// Loads Keras's VGG16 and VGG19 weight files (<c>.h5</c>, with or without the top, Keras 1 or Keras 2
/// layout) as a ConvLens graph with Keras's layer names, built by <see cref="VggArchitecture"/>. Kernels
/// are moved from Keras's channels-last layouts to the graph's NCHW ones, <c>fc1</c>'s rows included, so
/// every layer computes what Keras computes. The architecture, top, width, image size and classes are
/// read off the file's layer names and dataset shapes: VGG19 when <c>block5_conv4</c> has weights, with
/// the top when <c>fc1</c> has; files without the top are built for 224×224 images, Keras's default.
/// </summary>
public static class KerasModelReader
{
    /// <summary>Metadata key of the model's preprocessing preset.</summary>
    public const string PreprocessKey = "convlens.preprocess";

    /// <summary>Metadata key of the file's weight layout (<c>keras1</c> or <c>keras2</c>).</summary>
    public const string LayoutKey = "convlens.keras.layout";

    /// <summary>Reads a Keras VGG weight file.</summary>
    /// <param name="h5Path">The <c>.h5</c> file.</param>
    /// <param name="architecture">VGG16 or VGG19; null infers it from the layer names.</param>
    /// <returns>The model; its <see cref="OnnxModel.Source"/> is <paramref name="h5Path"/> and its preprocessing <c>caffe</c>.</returns>
    /// <exception cref="ConvLensException">
    /// The file is missing, damaged or not HDF5, its layers are not those of the architecture, or a weight's
    /// shape differs from the architecture's (the message names the layer and both shapes).
    /// </exception>
    public static OnnxModel Read(string h5Path, VggVariant? architecture = null)
    {
        using var file = KerasWeightFile.Open(h5Path);
        var shape = KerasVggShape.Infer(file, architecture);
        var model = VggArchitecture.Build(shape.Variant, (layer, kind, onnxShape) => LoadParameter(file, shape, layer, kind, onnxShape),
            shape.IncludeTop, shape.WidthDivisor, shape.ImageSize, shape.Classes);
        model.Source = h5Path;
        // Keras's VGG expects caffe preprocessing: BGR channel order, ImageNet means subtracted, no scaling.
        model.Metadata[PreprocessKey] = "caffe";
        model.Metadata[LayoutKey] = file.Layout == KerasWeightLayout.Keras1 ? "keras1" : "keras2";
        return model;
    }

    /// <summary>Parses an architecture name as users write it (<c>vgg16</c>, <c>VGG19</c>).</summary>
    /// <exception cref="ConvLensException">Neither VGG16 nor VGG19.</exception>
    public static VggVariant ParseArchitecture(string name) =>
        name.Trim().ToLowerInvariant() switch
        {
            "vgg16" => VggVariant.Vgg16,
            "vgg19" => VggVariant.Vgg19,
            _ => throw new ConvLensException($"unknown architecture '{name}'; Keras weight files load as vgg16 or vgg19"),
        };

    private static float[] LoadParameter(KerasWeightFile file, KerasVggShape shape, string layer, string kind, long[] onnxShape)
    {
        var weights = file.Weights[layer];
        if (weights.Count != 2)
            throw new ConvLensException($"'{file.Path}': layer '{layer}' has {weights.Count} weight{(weights.Count == 1 ? "" : "s")} " +
                $"({string.Join(", ", weights.Select(w => w.Name))}); {shape.DisplayName}'s layers have a kernel and a bias");
        // Keras always lists a layer's kernel before its bias.
        var weight = kind == "kernel" ? weights[0] : weights[1];
        bool conv = onnxShape.Length == 4;
        long[] expected = conv ? [onnxShape[2], onnxShape[3], onnxShape[1], onnxShape[0]] : onnxShape;
        if (!weight.Dims.SequenceEqual(expected))
            throw new ConvLensException($"'{file.Path}': layer '{layer}' {kind} '{weight.Name}' has shape {weight.ShapeText} " +
                $"but {shape.DisplayName} needs {KerasWeight.Format(expected)}{TheanoHint(weight, onnxShape)}");
        var data = file.ReadFloats(weight);
        if (conv) return KerasTensorLayout.HwioToOihw(data, (int)expected[0], (int)expected[1], (int)expected[2], (int)expected[3]);
        if (layer == "fc1" && kind == "kernel")
        {
            int side = shape.ImageSize / 32;
            int channels = (int)(onnxShape[0] / (side * side));
            return KerasTensorLayout.NhwcRowsToNchw(data, side, side, channels, (int)onnxShape[1]);
        }
        return data;
    }

    /// <summary>Theano-ordered files store kernels as (out, in, h, w), which is the graph's layout but not Keras's TensorFlow one.</summary>
    private static string TheanoHint(KerasWeight weight, long[] onnxShape) =>
        onnxShape.Length == 4 && weight.Dims.SequenceEqual(onnxShape)
            ? " (this looks like a Theano-ordered file, '*_th_dim_ordering_th_kernels.h5'; use the TensorFlow-ordered '*_tf_dim_ordering_tf_kernels.h5')"
            : "";
}
