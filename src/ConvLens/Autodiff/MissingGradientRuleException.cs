namespace ConvLens.Autodiff;

/// <summary>
/// A node on the path from a seed to a with-respect-to value has an operator without a gradient rule.
/// It names the node and operator so that a caller who knows the layers (<see cref="Runtime.Network"/>) can
/// say which layers and methods avoid it.
/// </summary>
public sealed class MissingGradientRuleException : ConvLensException
{
    /// <summary>Creates the error for <paramref name="node"/>.</summary>
    public MissingGradientRuleException(Graph.Node node, string message) : base(message)
    {
        NodeName = node.DisplayName;
        OpType = node.OpType;
        Outputs = node.Outputs.ToArray();
    }

    /// <summary>The node's name (or its first output's, for an unnamed node).</summary>
    public string NodeName { get; }

    /// <summary>The operator without a rule (its domain is in the message when it is not the default one).</summary>
    public string OpType { get; }

    /// <summary>The node's outputs: every value computed from them needs the missing rule.</summary>
    public IReadOnlyList<string> Outputs { get; }
}
