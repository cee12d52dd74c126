using Microsoft.ML.OnnxRuntime;

namespace ConvLens.Runtime;

/// <summary>Turns <see cref="EngineOptions"/> into ONNX Runtime session options.</summary>
internal static class SessionOptionsFactory
{
    public static SessionOptions Create(EngineOptions options)
    {
        var so = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, options.IntraOpThreads),
            InterOpNumThreads = Math.Max(1, options.InterOpThreads),
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableMemoryPattern = options.MemoryPattern,
            GraphOptimizationLevel = options.Optimization switch
            {
                GraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        if (!options.Prepacking) so.AddSessionConfigEntry("session.disable_prepacking", "1");
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        return so;
    }
}
