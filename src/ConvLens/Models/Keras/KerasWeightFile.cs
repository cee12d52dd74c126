using PureHDF;
using PureHDF.VOL.Native;

namespace ConvLens.Models.Keras;

/// <summary>
/// The weights of a Keras HDF5 file, found the way Keras's own loader finds them: the <c>layer_names</c>
/// attribute (of the root, or of the <c>model_weights</c> group of a whole-model file) lists the layers in
/// order; each layer's group lists its weights in its <c>weight_names</c> attribute, as paths relative to
/// the group. Following those paths covers both layouts (<see cref="KerasWeightLayout"/>) with one rule.
/// Every failure of the HDF5 library becomes a <see cref="ConvLensException"/> naming the file.
/// </summary>
internal sealed class KerasWeightFile : IDisposable
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private readonly NativeFile _file;

    private KerasWeightFile(string path, NativeFile file)
    {
        Path = path;
        _file = file;
        var root = FindWeightsRoot();
        LayerNames = ReadStrings(root, "layer_names", root == _file ? "the root group" : "'model_weights'")!;
        var weights = new Dictionary<string, IReadOnlyList<KerasWeight>>(StringComparer.Ordinal);
        foreach (var layer in LayerNames)
        {
            var layerWeights = ReadLayer(root, layer);
            if (layerWeights.Count > 0) weights[layer] = layerWeights;
        }
        Weights = weights;
        Layout = weights.Values.SelectMany(w => w).Any(w => w.Name.Contains('/')) ? KerasWeightLayout.Keras2 : KerasWeightLayout.Keras1;
    }

    /// <summary>The file's path as given.</summary>
    public string Path { get; }

    /// <summary>Every layer the file lists, in order (layers without weights included).</summary>
    public IReadOnlyList<string> LayerNames { get; }

    /// <summary>The weights of each layer that has any, in the order Keras lists them (kernel, then bias).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KerasWeight>> Weights { get; }

    /// <summary>Names of the layers that have weights, in file order.</summary>
    public IEnumerable<string> WeightedLayers => LayerNames.Where(Weights.ContainsKey).Distinct();

    /// <summary>The layout the weight names follow.</summary>
    public KerasWeightLayout Layout { get; }

    /// <summary>Opens a file and lists its layers and weights (no weight data is read yet).</summary>
    /// <exception cref="ConvLensException">The file is missing, not HDF5, damaged, or has no Keras weights.</exception>
    public static KerasWeightFile Open(string path)
    {
        if (!File.Exists(path)) throw new ConvLensException($"Keras weight file '{path}' does not exist");
        CheckSignature(path);
        NativeFile? file = null;
        try
        {
            file = Hdf(path, "its header", () => H5File.OpenRead(path));
            return new KerasWeightFile(path, file);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }

    /// <summary>Reads a weight as float32 (float64 data is narrowed).</summary>
    /// <exception cref="ConvLensException">The data is not floating point, or cannot be read.</exception>
    public float[] ReadFloats(KerasWeight weight)
    {
        var type = weight.Dataset.Type;
        long count = weight.Dims.Aggregate(1L, (a, d) => a * d);
        string what = $"layer '{weight.Layer}' weight '{weight.Name}'";
        if (type.Class != H5DataTypeClass.FloatingPoint || type.Size is not (4 or 8))
            throw new ConvLensException($"'{Path}': {what} holds {type.Class} data of {type.Size} bytes; expected float32 or float64");
        if (count > Array.MaxLength)
            throw new ConvLensException($"'{Path}': {what} has {count} elements, more than one array can hold");
        return Hdf(Path, what, () =>
        {
            if (type.Size == 4)
            {
                var data = new float[count];
                weight.Dataset.Read(data);
                return data;
            }
            var wide = new double[count];
            weight.Dataset.Read(wide);
            return Array.ConvertAll(wide, d => (float)d);
        });
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private IH5Group FindWeightsRoot()
    {
        if (HasLayerNames(_file)) return _file;
        if (Hdf(Path, "the 'model_weights' group", () => _file.LinkExists("model_weights")))
        {
            var group = Hdf(Path, "the 'model_weights' group", () => _file.Group("model_weights"));
            if (HasLayerNames(group)) return group;
        }
        bool keras3 = Hdf(Path, "the root group", () => _file.LinkExists("layers") && _file.LinkExists("vars"));
        throw new ConvLensException($"'{Path}' is an HDF5 file but not Keras weights: it has no 'layer_names' attribute at the root or in 'model_weights'" +
            (keras3 ? " (it looks like a Keras 3 '.weights.h5' file; save the model with the legacy HDF5 format, model.save('model.h5'))" : ""));
    }

    private bool HasLayerNames(IH5Group group) =>
        Hdf(Path, "the attributes", () => group.AttributeExists("layer_names") || group.AttributeExists("layer_names0"));

    private List<KerasWeight> ReadLayer(IH5Group root, string layer)
    {
        if (!Hdf(Path, $"layer '{layer}'", () => root.LinkExists(layer)))
            throw new ConvLensException($"'{Path}' lists layer '{layer}' in 'layer_names' but has no group for it");
        var group = Hdf(Path, $"layer '{layer}'", () => root.Group(layer));
        var names = ReadStrings(group, "weight_names", $"layer '{layer}'") ?? [];
        var weights = new List<KerasWeight>(names.Length);
        foreach (var name in names)
        {
            if (!Hdf(Path, $"layer '{layer}'", () => group.LinkExists(name)))
                throw new ConvLensException($"'{Path}': layer '{layer}' lists weight '{name}' but the file has no such dataset");
            var dataset = Hdf(Path, $"layer '{layer}' weight '{name}'", () => group.Dataset(name));
            var dims = Hdf(Path, $"layer '{layer}' weight '{name}'", () => dataset.Space.Dimensions.Select(d => (long)d).ToArray());
            weights.Add(new KerasWeight(layer, name, dims, dataset));
        }
        return weights;
    }

    /// <summary>
    /// A string-list attribute. Keras splits a list too long for one attribute into <c>name0</c>,
    /// <c>name1</c>, …, and writes an empty list as an empty float array; both are handled here.
    /// </summary>
    private string[]? ReadStrings(IH5Object owner, string name, string where)
    {
        var what = $"attribute '{name}' of {where}";
        if (Hdf(Path, what, () => owner.AttributeExists(name))) return ReadStringAttribute(owner, name, where);
        if (!Hdf(Path, what, () => owner.AttributeExists(name + "0"))) return null;
        var parts = new List<string>();
        for (int chunk = 0; Hdf(Path, what, () => owner.AttributeExists(name + chunk)); chunk++)
            parts.AddRange(ReadStringAttribute(owner, name + chunk, where));
        return parts.ToArray();
    }

    private string[] ReadStringAttribute(IH5Object owner, string name, string where)
    {
        return Hdf(Path, $"attribute '{name}' of {where}", () =>
        {
            var attribute = owner.Attribute(name);
            var space = attribute.Space;
            if (space.Type == H5DataspaceType.Null || space.Dimensions.Any(d => d == 0)) return [];
            if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
                throw new ConvLensException($"'{Path}': attribute '{name}' of {where} holds {attribute.Type.Class} values; Keras writes a list of names there");
            // Fixed-length names (h5py writes NumPy 'S' arrays) arrive null-padded; variable-length ones do not.
            var values = space.Type == H5DataspaceType.Scalar ? [attribute.Read<string>()] : attribute.Read<string[]>();
            return values.Select(v => v.TrimEnd('\0', ' ')).ToArray();
        });
    }

    /// <summary>
    /// Refuses a file that is not HDF5 before the HDF5 library sees it: its signature sits at offset 0 or,
    /// after a user block, at 512, 1024, 2048, … bytes.
    /// </summary>
    private static void CheckSignature(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0) throw new ConvLensException($"'{path}' is empty; expected a Keras HDF5 weight file");
        var header = new byte[Hdf5Signature.Length];
        for (long offset = 0; offset + header.Length <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(header);
            if (header.AsSpan().SequenceEqual(Hdf5Signature)) return;
        }
        throw new ConvLensException($"'{path}' is not an HDF5 file (no HDF5 signature); expected a Keras .h5 weight file");
    }

    /// <summary>Runs an HDF5 read, turning the library's failures into an error that names the file.</summary>
    private static T Hdf<T>(string path, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (ConvLensException or OutOfMemoryException))
        {
            throw new ConvLensException($"'{path}' is damaged or truncated: cannot read {what} ({e.Message})", e);
        }
    }
}
