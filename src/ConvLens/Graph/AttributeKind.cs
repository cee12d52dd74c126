namespace ConvLens.Graph;

/// <summary>Kinds of node attributes, numbered as in <c>AttributeProto.AttributeType</c>.</summary>
public enum AttributeKind
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
}
