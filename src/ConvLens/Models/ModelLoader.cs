using System.Security.Cryptography;
using System.Text;
using ConvLens.Graph;
using ConvLens.Models.Keras;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;

namespace ConvLens.Models;

/// <summary>
/// Opens what a user names with <c>--model</c> (an <c>.onnx</c> file, a Keras <c>.h5</c> file, a built-in
/// or fetched model name) as a <see cref="Network"/> whose input takes RGB pixels 0..255 when the model
/// has a preprocessing preset: the preset's nodes are prepended to the graph, so gradients reach the
/// pixels (or, asked for by name, the preprocessed image).
/// </summary>
public static class ModelLoader
{
    /// <summary>Opens a model.</summary>
    /// <exception cref="ConvLensException">The model cannot be found or read, or the preset does not fit it.</exception>
    public static Network Open(string model, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var path = ModelCatalog.Resolve(model, options.CacheDirectory);
        var graph = Read(path, options.Architecture);
        var preset = (options.Preprocess ?? PreprocessingPresets.PresetFor(graph)).Trim().ToLowerInvariant();
        if (preset != PreprocessingPresets.None) graph = PreprocessingPresets.Apply(graph, preset);
        else graph.Metadata[PreprocessMetadata.Preset] = PreprocessingPresets.None;
        var identity = $"{FileFingerprint.Of(path)}|{preset}|{options.Architecture}";
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
        return Network.FromModel(graph, options.Engine, fingerprint);
    }

    /// <summary>Reads an ONNX file, or a Keras HDF5 weight file (by extension or signature) as VGG.</summary>
    public static OnnxModel Read(string path, string? architecture = null)
    {
        if (IsHdf5(path))
            return KerasModelReader.Read(path, architecture is null ? null : KerasModelReader.ParseArchitecture(architecture));
        if (architecture is not null)
            throw new ConvLensException($"--arch applies to Keras .h5 files; '{path}' is an ONNX model, whose architecture is in the file");
        return OnnxModelReader.ReadFile(path);
    }

    private static bool IsHdf5(string path)
    {
        if (path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase)) return true;
        // HDF5's signature: \x89HDF\r\n\x1a\n at offset 0 (files written with a user block put it later; those need the extension).
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 8 && head.SequenceEqual(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a });
    }
}
