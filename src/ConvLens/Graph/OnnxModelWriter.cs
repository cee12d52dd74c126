using ConvLens.Graph.Proto;
using Google.Protobuf;

namespace ConvLens.Graph;

/// <summary>Writes an <see cref="OnnxModel"/> as a standard ONNX file that any runtime reads.</summary>
public static class OnnxModelWriter
{
    /// <summary>Serializes the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="includeValueInfo">
    /// Whether to write the known shapes of intermediate values. Sessions are built without them so that
    /// ONNX Runtime infers shapes itself.
    /// </param>
    public static byte[] ToBytes(OnnxModel model, bool includeValueInfo = true) => ToProto(model, includeValueInfo).ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file, so no half-written file is ever left.</summary>
    public static void WriteFile(OnnxModel model, string path)
    {
        var proto = ToProto(model, includeValueInfo: true);
        if (proto.CalculateSize() < 0)
            throw new ConvLensException($"cannot write '{path}': the model is larger than the 2 GiB limit of a single ONNX file");
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    /// <summary>Builds the protobuf message.</summary>
    internal static ModelProto ToProto(OnnxModel model, bool includeValueInfo)
    {
        var g = model.Graph;
        var graph = new GraphProto { Name = g.Name };
        foreach (var node in g.Nodes) graph.Node.Add(WriteNode(node));
        foreach (var (name, t) in g.Initializers) graph.Initializer.Add(WriteTensor(name, t));
        foreach (var vi in g.Inputs) graph.Input.Add(WriteValueInfo(vi, true));
        foreach (var vi in g.Outputs) graph.Output.Add(WriteValueInfo(vi, includeValueInfo));
        if (includeValueInfo)
        {
            var io = new HashSet<string>(g.Inputs.Select(i => i.Name).Concat(g.Outputs.Select(o => o.Name)));
            foreach (var vi in g.ValueInfos.Values.Where(v => !io.Contains(v.Name) && !g.Initializers.ContainsKey(v.Name)))
                graph.ValueInfo.Add(WriteValueInfo(vi, true));
        }
        var proto = new ModelProto
        {
            IrVersion = Math.Max(model.IrVersion, 4),
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            Graph = graph,
        };
        foreach (var (domain, version) in model.Opsets) proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        foreach (var (k, v) in model.Metadata) proto.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return proto;
    }

    private static NodeProto WriteNode(Node node)
    {
        var proto = new NodeProto { Name = node.Name, OpType = node.OpType, Domain = node.Domain };
        proto.Input.AddRange(node.Inputs);
        proto.Output.AddRange(node.Outputs);
        foreach (var (name, a) in node.Attributes) proto.Attribute.Add(WriteAttribute(name, a));
        return proto;
    }

    private static AttributeProto WriteAttribute(string name, NodeAttribute a)
    {
        if (a.Original is not null) return a.Original.Clone();
        var proto = new AttributeProto { Name = name, Type = (AttributeProto.Types.AttributeType)(int)a.Kind };
        switch (a.Kind)
        {
            case AttributeKind.Float: proto.F = a.Float; break;
            case AttributeKind.Int: proto.I = a.Int; break;
            case AttributeKind.String: proto.S = ByteString.CopyFromUtf8(a.String); break;
            case AttributeKind.Floats: proto.Floats.AddRange(a.Floats); break;
            case AttributeKind.Ints: proto.Ints.AddRange(a.Ints); break;
            case AttributeKind.Strings: proto.Strings.AddRange(a.Strings.Select(ByteString.CopyFromUtf8)); break;
            case AttributeKind.Tensor: proto.T = WriteTensor("", a.Tensor!); break;
        }
        return proto;
    }

    /// <summary>A TensorProto whose raw_data wraps the tensor's bytes without copying them.</summary>
    internal static TensorProto WriteTensor(string name, ConstTensor t)
    {
        var proto = new TensorProto { Name = name, DataType = (int)t.ElementType, RawData = UnsafeByteOperations.UnsafeWrap(t.Bytes) };
        proto.Dims.AddRange(t.Dims);
        return proto;
    }

    private static ValueInfoProto WriteValueInfo(ValueInfo vi, bool withShape)
    {
        // A value of unknown type is written without one: ONNX Runtime then infers it.
        if (vi.ElementType == TensorElementType.Undefined) return new ValueInfoProto { Name = vi.Name };
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)vi.ElementType };
        if (withShape && vi.Shape is { } shape)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var d in shape.Dims)
            {
                var dim = new TensorShapeProto.Types.Dimension();
                if (d.IsKnown) dim.DimValue = d.Value;
                else if (d.Symbol is not null) dim.DimParam = d.Symbol;
                tensorType.Shape.Dim.Add(dim);
            }
        }
        return new ValueInfoProto { Name = vi.Name, Type = new TypeProto { TensorType = tensorType } };
    }
}
