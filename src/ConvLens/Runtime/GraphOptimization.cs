namespace ConvLens.Runtime;

/// <summary>ONNX Runtime graph optimisation levels.</summary>
public enum GraphOptimization
{
    /// <summary>No optimisation.</summary>
    None,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic,

    /// <summary>Basic plus operator fusions.</summary>
    Extended,

    /// <summary>Everything, including memory-layout changes.</summary>
    All,
}
