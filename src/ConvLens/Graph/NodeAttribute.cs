namespace ConvLens.Graph;

/// <summary>
/// A node attribute. Kinds ConvLens never interprets (subgraphs, sparse tensors, type protos) keep their
/// original protobuf in <see cref="Original"/> so that writing the model back loses nothing.
/// </summary>
public sealed class NodeAttribute
{
    /// <summary>The attribute's kind.</summary>
    public AttributeKind Kind { get; init; }

    /// <summary>Value of a <c>FLOAT</c> attribute.</summary>
    public float Float { get; init; }

    /// <summary>Value of an <c>INT</c> attribute.</summary>
    public long Int { get; init; }

    /// <summary>Value of a <c>STRING</c> attribute.</summary>
    public string String { get; init; } = "";

    /// <summary>Value of a <c>TENSOR</c> attribute.</summary>
    public ConstTensor? Tensor { get; init; }

    /// <summary>Value of a <c>FLOATS</c> attribute.</summary>
    public float[] Floats { get; init; } = [];

    /// <summary>Value of an <c>INTS</c> attribute.</summary>
    public long[] Ints { get; init; } = [];

    /// <summary>Value of a <c>STRINGS</c> attribute.</summary>
    public string[] Strings { get; init; } = [];

    /// <summary>The attribute as read, for kinds that are carried but not interpreted.</summary>
    internal Proto.AttributeProto? Original { get; init; }

    /// <summary>An INT attribute.</summary>
    public static NodeAttribute Of(long value) => new() { Kind = AttributeKind.Int, Int = value };

    /// <summary>A FLOAT attribute.</summary>
    public static NodeAttribute Of(float value) => new() { Kind = AttributeKind.Float, Float = value };

    /// <summary>A STRING attribute.</summary>
    public static NodeAttribute Of(string value) => new() { Kind = AttributeKind.String, String = value };

    /// <summary>An INTS attribute.</summary>
    public static NodeAttribute Of(long[] values) => new() { Kind = AttributeKind.Ints, Ints = values };

    /// <summary>A FLOATS attribute.</summary>
    public static NodeAttribute Of(float[] values) => new() { Kind = AttributeKind.Floats, Floats = values };

    /// <summary>A TENSOR attribute.</summary>
    public static NodeAttribute Of(ConstTensor value) => new() { Kind = AttributeKind.Tensor, Tensor = value };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AttributeKind.Float => Float.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AttributeKind.Int => Int.ToString(),
        AttributeKind.String => $"\"{String}\"",
        AttributeKind.Ints => "[" + string.Join(",", Ints) + "]",
        AttributeKind.Floats => "[" + string.Join(",", Floats) + "]",
        AttributeKind.Tensor => Tensor!.ToString(),
        _ => Kind.ToString(),
    };
}
