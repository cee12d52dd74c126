using ConvLens.Models.Keras;
using PureHDF;

namespace ConvLens.Tests.Models.Keras;

/// <summary>
/// Writes Keras weight files with PureHDF, laid out as Keras 1 and Keras 2 lay them out: the root (or
/// <c>model_weights</c>) lists every layer in <c>layer_names</c>; each layer's group lists its weights in
/// <c>weight_names</c> (an empty float array for layers without weights, as Keras writes it). Keras 1
/// keeps <c>{layer}_W_1:0</c> and <c>{layer}_b_1:0</c> in the layer's group; Keras 2 nests
/// <c>{layer}/kernel:0</c> and <c>{layer}/bias:0</c>. Datasets are contiguous, like h5py's.
/// </summary>
internal static class KerasH5Writer
{
    /// <summary>Writes <paramref name="layers"/> to <paramref name="path"/>.</summary>
    /// <param name="fixedLengthStrings">Names as fixed-length strings (h5py's NumPy 'S' arrays) rather than variable-length ones.</param>
    /// <param name="inModelWeights">Weights under <c>model_weights</c>, as in a whole-model file saved by <c>model.save</c>.</param>
    /// <param name="float64">Weights stored as float64.</param>
    public static void Write(string path, IEnumerable<KerasTestLayer> layers, KerasWeightLayout layout,
        bool fixedLengthStrings = true, bool inModelWeights = false, bool float64 = false)
    {
        var list = layers.ToList();
        var names = new List<string>(list.Select(l => l.Name));
        var weightsRoot = new H5Group();
        foreach (var layer in list)
        {
            var group = new H5Group();
            object weightNames = Array.Empty<double>();
            if (layer.HasWeights)
            {
                var kernel = Dataset(layer.Kernel!, layer.KernelDims!, float64);
                var bias = Dataset(layer.Bias!, [layer.Bias!.Length], float64);
                string[] weights;
                if (layout == KerasWeightLayout.Keras1)
                {
                    weights = [$"{layer.Name}_W_1:0", $"{layer.Name}_b_1:0"];
                    group[weights[0]] = kernel;
                    group[weights[1]] = bias;
                }
                else
                {
                    weights = [$"{layer.Name}/kernel:0", $"{layer.Name}/bias:0"];
                    group[layer.Name] = new H5Group { ["kernel:0"] = kernel, ["bias:0"] = bias };
                }
                names.AddRange(weights);
                weightNames = weights;
            }
            group.Attributes = new Dictionary<string, object> { ["weight_names"] = weightNames };
            weightsRoot[layer.Name] = group;
        }
        var version = layout == KerasWeightLayout.Keras1 ? "1.2.2" : "2.2.4";
        weightsRoot.Attributes = new Dictionary<string, object>
        {
            ["layer_names"] = list.Select(l => l.Name).ToArray(),
            ["backend"] = "tensorflow",
            ["keras_version"] = version,
        };
        H5File file;
        if (inModelWeights)
        {
            file = new H5File { ["model_weights"] = weightsRoot };
            file.Attributes = new Dictionary<string, object> { ["keras_version"] = version, ["backend"] = "tensorflow" };
        }
        else
        {
            file = new H5File();
            foreach (var (name, child) in weightsRoot) file[name] = child;
            file.Attributes = weightsRoot.Attributes;
        }
        // h5py writes NumPy 'S' arrays: fixed length, as long as the longest name.
        int stringLength = fixedLengthStrings ? names.Append(version).Append("tensorflow").Max(n => n.Length) : 0;
        file.Write(path, new H5WriteOptions(DefaultStringLength: stringLength, PreferCompactDatasetLayout: false));
    }

    private static H5Dataset Dataset(float[] data, long[] dims, bool float64)
    {
        var fileDims = dims.Select(d => (ulong)d).ToArray();
        return float64 ? new H5Dataset(Array.ConvertAll(data, v => (double)v), fileDims: fileDims) : new H5Dataset(data, fileDims: fileDims);
    }
}
