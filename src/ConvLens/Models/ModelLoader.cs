using ConvLens.Graph;
using ConvLens.Runtime;

namespace ConvLens.Models;

/// <summary>
/// Opens what a user names with <c>--model</c> (an <c>.onnx</c> file, a Keras <c>.h5</c> file or a model
/// name) as a <see cref="Network"/> whose input is the model's own preprocessing input when it has one.
/// </summary>
public static class ModelLoader
{
    /// <summary>Opens a model.</summary>
    /// <exception cref="ConvLensException">The model cannot be found or read.</exception>
    public static Network Open(string model, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var path = ModelCatalog.Resolve(model);
        var onnx = OnnxModelReader.ReadFile(path);
        return Network.FromModel(onnx, options.Engine, FileFingerprint.Of(path));
    }
}
