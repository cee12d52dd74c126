namespace ConvLens.Graph;

/// <summary>
/// One operator of the graph. An empty string in <see cref="Inputs"/> marks an omitted optional input,
/// as in ONNX.
/// </summary>
public sealed class Node
{
    /// <summary>Creates a node.</summary>
    public Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string name = "", string domain = "")
    {
        OpType = opType;
        Inputs = inputs.ToList();
        Outputs = outputs.ToList();
        Name = name;
        Domain = domain;
    }

    /// <summary>The node's name (may be empty in ONNX files).</summary>
    public string Name { get; set; }

    /// <summary>The operator, such as <c>Conv</c>.</summary>
    public string OpType { get; set; }

    /// <summary>The operator's domain; empty for the default ONNX domain.</summary>
    public string Domain { get; set; }

    /// <summary>Input value names.</summary>
    public List<string> Inputs { get; }

    /// <summary>Output value names.</summary>
    public List<string> Outputs { get; }

    /// <summary>Attributes by name.</summary>
    public Dictionary<string, NodeAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>A name for messages: the node name, else its first output.</summary>
    public string DisplayName => Name.Length > 0 ? Name : Outputs.FirstOrDefault() ?? OpType;

    /// <summary>The input at <paramref name="index"/>, or "" when it is absent or omitted.</summary>
    public string InputOrEmpty(int index) => index < Inputs.Count ? Inputs[index] : "";

    /// <summary>True when the optional input at <paramref name="index"/> is present.</summary>
    public bool HasInput(int index) => InputOrEmpty(index).Length > 0;

    /// <summary>An INT attribute, or <paramref name="fallback"/>.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) ? a.Int : fallback;

    /// <summary>A FLOAT attribute, or <paramref name="fallback"/>.</summary>
    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) ? a.Float : fallback;

    /// <summary>A STRING attribute, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback) => Attributes.TryGetValue(name, out var a) ? a.String : fallback;

    /// <summary>An INTS attribute, or null when absent.</summary>
    public long[]? Ints(string name) => Attributes.TryGetValue(name, out var a) ? a.Ints : null;

    /// <summary>Sets an attribute and returns the node, for building graphs fluently.</summary>
    public Node With(string name, NodeAttribute value)
    {
        Attributes[name] = value;
        return this;
    }

    /// <summary>Sets an INT attribute.</summary>
    public Node With(string name, long value) => With(name, NodeAttribute.Of(value));

    /// <summary>Sets a FLOAT attribute.</summary>
    public Node With(string name, float value) => With(name, NodeAttribute.Of(value));

    /// <summary>Sets a STRING attribute.</summary>
    public Node With(string name, string value) => With(name, NodeAttribute.Of(value));

    /// <summary>Sets an INTS attribute.</summary>
    public Node With(string name, long[] value) => With(name, NodeAttribute.Of(value));

    /// <summary>A copy with its own input, output and attribute collections.</summary>
    public Node Clone()
    {
        var copy = new Node(OpType, Inputs, Outputs, Name, Domain);
        foreach (var (k, v) in Attributes) copy.Attributes[k] = v;
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => $"{OpType} '{DisplayName}'";
}
