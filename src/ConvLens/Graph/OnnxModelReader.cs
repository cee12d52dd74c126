using System.Runtime.InteropServices;
using ConvLens.Graph.Proto;
using Google.Protobuf;

namespace ConvLens.Graph;

/// <summary>
/// Reads ONNX files (IR 3 and later, opsets 7–21) into <see cref="OnnxModel"/>: initializers from
/// <c>raw_data</c>, from the typed fields or from external data files beside the model.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Reads an ONNX file.</summary>
    /// <exception cref="ConvLensException">The file is missing, truncated or not an ONNX model.</exception>
    public static OnnxModel ReadFile(string path)
    {
        if (!File.Exists(path)) throw new ConvLensException($"model file '{path}' does not exist");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read model file '{path}': {e.Message}", e);
        }
        return Read(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Reads an ONNX model from bytes.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <param name="source">A name for error messages (usually the file path).</param>
    /// <param name="externalDataDirectory">Where external tensor data files live; null forbids them.</param>
    public static OnnxModel Read(byte[] bytes, string source = "(memory)", string? externalDataDirectory = null)
    {
        ModelProto proto;
        try { proto = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e)
        {
            throw new ConvLensException($"'{source}' is not a valid ONNX model (truncated or not protobuf): {e.Message}", e);
        }
        if (proto.Graph is null || proto.IrVersion <= 0 || proto.OpsetImport.Count == 0 || proto.Graph.Node.Count == 0)
            throw new ConvLensException($"'{source}' is not an ONNX model: expected a ModelProto with an IR version, opset imports and a graph with nodes");
        try { return Convert(proto, source, externalDataDirectory); }
        catch (ConvLensException) { throw; }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException)
        {
            throw new ConvLensException($"'{source}' is not a valid ONNX model: {e.Message}", e);
        }
    }

    private static OnnxModel Convert(ModelProto proto, string source, string? dataDir)
    {
        var graph = new OnnxGraph { Name = proto.Graph.Name };
        foreach (var t in proto.Graph.Initializer)
            graph.Initializers[t.Name] = ReadTensor(t, source, dataDir);
        foreach (var node in proto.Graph.Node)
        {
            // Constant nodes become initializers at once: every later pass then sees one kind of constant.
            if (node.OpType == "Constant" && node.Domain is "" or "ai.onnx" && node.Output.Count == 1 && ConstantValue(node, source, dataDir) is { } value)
            {
                graph.Initializers[node.Output[0]] = value;
                continue;
            }
            var n = new Node(node.OpType, node.Input, node.Output, node.Name, node.Domain == "ai.onnx" ? "" : node.Domain);
            foreach (var a in node.Attribute) n.Attributes[a.Name] = ReadAttribute(a, source, dataDir);
            graph.Nodes.Add(n);
        }
        foreach (var vi in proto.Graph.Input.Where(i => !graph.Initializers.ContainsKey(i.Name)))
            graph.Inputs.Add(ReadValueInfo(vi));
        foreach (var vi in proto.Graph.Output) graph.Outputs.Add(ReadValueInfo(vi));
        foreach (var vi in proto.Graph.ValueInfo) graph.ValueInfos[vi.Name] = ReadValueInfo(vi);

        var model = new OnnxModel(graph, 1)
        {
            IrVersion = proto.IrVersion,
            ProducerName = proto.ProducerName,
            ProducerVersion = proto.ProducerVersion,
            Source = source,
        };
        model.Opsets.Clear();
        foreach (var o in proto.OpsetImport) model.Opsets[o.Domain == "ai.onnx" ? "" : o.Domain] = o.Version;
        foreach (var m in proto.MetadataProps) model.Metadata[m.Key] = m.Value;
        try { graph.SortTopologically(); }
        catch (ConvLensException e) { throw new ConvLensException($"'{source}': {e.Message}", e); }
        return model;
    }

    private static ConstTensor? ConstantValue(NodeProto node, string source, string? dataDir)
    {
        foreach (var a in node.Attribute)
        {
            switch (a.Name)
            {
                case "value": return ReadTensor(a.T, source, dataDir);
                case "value_float": return ConstTensor.Scalar(a.F);
                case "value_floats": return ConstTensor.FromFloats(a.Floats.ToArray(), a.Floats.Count);
                case "value_int": return ConstTensor.FromInt64s([a.I]);
                case "value_ints": return ConstTensor.Vector(a.Ints.ToArray());
            }
        }
        return null;
    }

    private static ValueInfo ReadValueInfo(ValueInfoProto vi)
    {
        var tensorType = vi.Type?.TensorType;
        TensorShape? shape = null;
        if (tensorType?.Shape is { } s)
            shape = new TensorShape(s.Dim.Select(d =>
                d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? Dim.Of(d.DimValue)
                : d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0 ? Dim.Sym(d.DimParam)
                : Dim.Unknown));
        return new ValueInfo(vi.Name, (TensorElementType)(tensorType?.ElemType ?? 0), shape);
    }

    private static NodeAttribute ReadAttribute(AttributeProto a, string source, string? dataDir) => a.Type switch
    {
        AttributeProto.Types.AttributeType.Float => NodeAttribute.Of(a.F),
        AttributeProto.Types.AttributeType.Int => NodeAttribute.Of(a.I),
        AttributeProto.Types.AttributeType.String => NodeAttribute.Of(a.S.ToStringUtf8()),
        AttributeProto.Types.AttributeType.Floats => NodeAttribute.Of(a.Floats.ToArray()),
        AttributeProto.Types.AttributeType.Ints => NodeAttribute.Of(a.Ints.ToArray()),
        AttributeProto.Types.AttributeType.Strings => new NodeAttribute { Kind = AttributeKind.Strings, Strings = a.Strings.Select(s => s.ToStringUtf8()).ToArray() },
        AttributeProto.Types.AttributeType.Tensor => NodeAttribute.Of(ReadTensor(a.T, source, dataDir)),
        _ => new NodeAttribute { Kind = (AttributeKind)(int)a.Type, Original = a.Clone() },
    };

    /// <summary>Decodes one TensorProto into little-endian bytes.</summary>
    internal static ConstTensor ReadTensor(TensorProto t, string source, string? dataDir)
    {
        var type = (TensorElementType)t.DataType;
        long[] dims = t.Dims.ToArray();
        if (dims.Any(d => d < 0)) throw new ConvLensException($"'{source}': tensor '{t.Name}' has a negative dimension [{string.Join(",", dims)}]");
        int size = TensorElementTypes.SizeOf(type);
        if (size == 0) throw new ConvLensException($"'{source}': tensor '{t.Name}' has element type {type}, which ConvLens does not support");
        long count = dims.Aggregate(1L, (a, d) => a * d);
        long byteCount = count * size;

        ReadOnlyMemory<byte> bytes;
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            bytes = ReadExternal(t, byteCount, source, dataDir);
        else if (!t.RawData.IsEmpty)
            bytes = t.RawData.Memory;
        else
            bytes = type switch
            {
                TensorElementType.Float => Bytes(t.FloatData.ToArray()),
                TensorElementType.Double => Bytes(t.DoubleData.ToArray()),
                TensorElementType.Int64 => Bytes(t.Int64Data.ToArray()),
                TensorElementType.UInt64 => Bytes(t.Uint64Data.ToArray()),
                TensorElementType.UInt32 => Bytes(t.Uint64Data.Select(v => (uint)v).ToArray()),
                TensorElementType.Int32 => Bytes(t.Int32Data.ToArray()),
                TensorElementType.Int16 => Bytes(t.Int32Data.Select(v => (short)v).ToArray()),
                TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => Bytes(t.Int32Data.Select(v => (ushort)v).ToArray()),
                TensorElementType.Int8 => Bytes(t.Int32Data.Select(v => (sbyte)v).ToArray()),
                TensorElementType.UInt8 or TensorElementType.Bool => t.Int32Data.Select(v => (byte)v).ToArray(),
                _ => throw new ConvLensException($"'{source}': tensor '{t.Name}' has unsupported element type {type}"),
            };
        if (bytes.Length != byteCount)
            throw new ConvLensException($"'{source}': tensor '{t.Name}' of shape [{string.Join(",", dims)}] should hold {byteCount} bytes of {type} but holds {bytes.Length}");
        return new ConstTensor(type, dims, bytes);
    }

    private static byte[] Bytes<T>(T[] values) where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static ReadOnlyMemory<byte> ReadExternal(TensorProto t, long byteCount, string source, string? dataDir)
    {
        var entries = t.ExternalData.ToDictionary(e => e.Key, e => e.Value);
        if (dataDir is null) throw new ConvLensException($"'{source}': tensor '{t.Name}' uses external data, which needs the model to be loaded from a file");
        if (!entries.TryGetValue("location", out var location) || location.Length == 0)
            throw new ConvLensException($"'{source}': tensor '{t.Name}' is external but names no location");
        var full = Path.GetFullPath(Path.Combine(dataDir, location));
        if (Path.IsPathRooted(location) || !full.StartsWith(Path.GetFullPath(dataDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ConvLensException($"'{source}': tensor '{t.Name}' points outside the model's folder ('{location}'); external data must live beside the model");
        if (!File.Exists(full)) throw new ConvLensException($"'{source}': external data file '{full}' for tensor '{t.Name}' does not exist");
        long offset = entries.TryGetValue("offset", out var o) ? long.Parse(o) : 0;
        long length = entries.TryGetValue("length", out var l) ? long.Parse(l) : byteCount;
        using var stream = File.OpenRead(full);
        if (offset + length > stream.Length)
            throw new ConvLensException($"'{source}': external data file '{full}' is too short for tensor '{t.Name}' (needs bytes {offset}..{offset + length}, has {stream.Length})");
        var buffer = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
