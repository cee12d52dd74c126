using System.Runtime.InteropServices;
using ConvLens.Graph;
using ConvLens.Graph.Proto;
using Google.Protobuf;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary><see cref="OnnxModelWriter"/>: lossless round trips, files the runtime opens, and atomic writes.</summary>
public sealed class OnnxModelWriterTests : IDisposable
{
    private const int Seed = 4242;
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Round_trip_keeps_nodes_attributes_initializers_opsets_and_metadata()
    {
        var first = OnnxModelReader.Read(RichModel().ToByteArray(), "rich.onnx");
        var second = OnnxModelReader.Read(OnnxModelWriter.ToBytes(first), "rich-again.onnx");

        Assert.Equal(first.Opsets.OrderBy(p => p.Key), second.Opsets.OrderBy(p => p.Key));
        Assert.Equal(17, second.Opset);
        Assert.Equal(1, second.Opsets["com.example"]);
        Assert.Equal(first.Metadata.OrderBy(p => p.Key), second.Metadata.OrderBy(p => p.Key));
        Assert.Equal(("exporter", "2.1", 8L), (second.ProducerName, second.ProducerVersion, second.IrVersion));
        Assert.Equal("rich", second.Graph.Name);

        Assert.Equal(first.Graph.Nodes.Count, second.Graph.Nodes.Count);
        foreach (var (a, b) in first.Graph.Nodes.Zip(second.Graph.Nodes))
        {
            Assert.Equal((a.Name, a.OpType, a.Domain), (b.Name, b.OpType, b.Domain));
            Assert.Equal(a.Inputs, b.Inputs);
            Assert.Equal(a.Outputs, b.Outputs);
            Assert.Equal(a.Attributes.Keys.Order(), b.Attributes.Keys.Order());
            foreach (var (name, attr) in a.Attributes) AssertSameAttribute(attr, b.Attributes[name], $"{a}.{name}");
        }

        Assert.Equal(first.Graph.Initializers.Keys.Order(), second.Graph.Initializers.Keys.Order());
        foreach (var (name, t) in first.Graph.Initializers) TestTensors.AssertBitEqual(t, second.Graph.Initializers[name], $"initializer '{name}'");

        Assert.Equal(first.Graph.Inputs, second.Graph.Inputs, ValueInfoComparer);
        Assert.Equal(first.Graph.Outputs, second.Graph.Outputs, ValueInfoComparer);
        Assert.Equal(Dim.Sym("batch"), second.Graph.Inputs[0].Shape![0]);
    }

    [Fact]
    public void Every_attribute_kind_survives()
    {
        var model = OnnxModelReader.Read(OnnxModelWriter.ToBytes(OnnxModelReader.Read(RichModel().ToByteArray())));
        var custom = model.Graph.Nodes.Single(n => n.OpType == "Custom");
        var kinds = custom.Attributes.Values.Select(a => (int)a.Kind).Order().ToArray();
        // FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, SPARSE_TENSOR.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 11], kinds);
        Assert.Equal("Relu", custom.Attributes["body"].Original!.G.Node[0].OpType);
    }

    [Fact]
    public void Written_resnet18_runs_in_the_runtime_with_the_same_features()
    {
        var path = TestFiles.ResNet18;
        var model = OnnxModelReader.ReadFile(path);
        string written = Path.Combine(_dir, "resnet18.onnx");
        OnnxModelWriter.WriteFile(model, written);

        string input = model.Graph.Inputs.Single().Name, output = model.Graph.Outputs.Single().Name;
        var x = TestTensors.Normal(new Random(Seed), 1, 3, 224, 224);
        var expected = OrtTestRunner.Run(File.ReadAllBytes(path), [output], (input, x))[output];
        var actual = OrtTestRunner.Run(File.ReadAllBytes(written), [output], (input, x))[output];
        // Same nodes, same weights, optimizations off: the runtime runs the same kernels on the same data.
        TestTensors.AssertBitEqual(expected, actual, $"ResNet18 features (seed {Seed})");
    }

    [Fact]
    public void WriteFile_leaves_only_the_target_file()
    {
        var model = OnnxModelReader.Read(RichModel().ToByteArray());
        string path = Path.Combine(_dir, "out.onnx");
        OnnxModelWriter.WriteFile(model, path);
        OnnxModelWriter.WriteFile(model, path); // replacing an existing file too

        Assert.Equal(["out.onnx"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(OnnxModelWriter.ToBytes(model), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteFile_failing_half_way_leaves_no_file_and_keeps_an_old_one(bool targetExists)
    {
        var model = OnnxModelReader.Read(RichModel().ToByteArray());
        // A megabyte of real weights goes out first; then reading the next tensor fails.
        model.Graph.Initializers["big"] = ConstTensor.FromFloats(new float[1 << 18], 1 << 18);
        model.Graph.Initializers["broken"] = new ConstTensor(TensorElementType.Float, [4], new FailingMemoryManager(16).Bytes);
        string path = Path.Combine(_dir, "out.onnx");
        byte[] old = [1, 2, 3];
        if (targetExists) File.WriteAllBytes(path, old);

        var e = Assert.Throws<IOException>(() => OnnxModelWriter.WriteFile(model, path));
        Assert.Contains(nameof(AtomicFile.Write), e.StackTrace); // it failed while the file was being written

        Assert.Equal(targetExists ? ["out.onnx"] : [], Directory.GetFiles(_dir).Select(Path.GetFileName));
        if (targetExists) Assert.Equal(old, File.ReadAllBytes(path));
    }

    /// <summary>
    /// A model with one node of each attribute kind (in a custom domain, so nothing has to run it), initializers
    /// of several element types in raw and typed form, two opsets, metadata and a symbolic input dimension.
    /// </summary>
    private static ModelProto RichModel()
    {
        var graph = new GraphProto { Name = "rich" };
        var batch = new TensorShapeProto();
        batch.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        batch.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 4 });
        graph.Input.Add(new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = batch } } });
        graph.Output.Add(new ValueInfoProto { Name = "y", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });

        float[] weights = [1f, float.NaN, -0f, float.PositiveInfinity];
        graph.Initializer.Add(Raw("w_float", TensorElementType.Float, MemoryMarshal.AsBytes(weights.AsSpan()).ToArray(), 4));
        graph.Initializer.Add(Raw("w_half", TensorElementType.Float16, MemoryMarshal.AsBytes(new[] { (Half)0.5, Half.MaxValue }.AsSpan()).ToArray(), 2));
        graph.Initializer.Add(Raw("w_bool", TensorElementType.Bool, [1, 0, 1], 3));
        graph.Initializer.Add(Raw("w_int8", TensorElementType.Int8, [0x80, 0x7f], 2));
        var typed = new TensorProto { Name = "w_int64", DataType = (int)TensorElementType.Int64 };
        typed.Dims.Add(2);
        typed.Int64Data.AddRange([-1, long.MaxValue]);
        graph.Initializer.Add(typed);

        var custom = new NodeProto { Name = "custom", OpType = "Custom", Domain = "com.example", Input = { "x", "w_float", "w_half", "w_bool", "w_int8", "w_int64" }, Output = { "c" } };
        custom.Attribute.Add(new AttributeProto { Name = "f", Type = AttributeProto.Types.AttributeType.Float, F = 0.1f });
        custom.Attribute.Add(new AttributeProto { Name = "i", Type = AttributeProto.Types.AttributeType.Int, I = -5 });
        custom.Attribute.Add(new AttributeProto { Name = "s", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("héllo") });
        custom.Attribute.Add(new AttributeProto { Name = "t", Type = AttributeProto.Types.AttributeType.Tensor, T = Raw("", TensorElementType.Int64, BitConverter.GetBytes(9L), 1) });
        var floats = new AttributeProto { Name = "fs", Type = AttributeProto.Types.AttributeType.Floats };
        floats.Floats.AddRange([1.5f, float.NaN, -3f]);
        custom.Attribute.Add(floats);
        var ints = new AttributeProto { Name = "is", Type = AttributeProto.Types.AttributeType.Ints };
        ints.Ints.AddRange([long.MinValue, 0, 7]);
        custom.Attribute.Add(ints);
        var strings = new AttributeProto { Name = "ss", Type = AttributeProto.Types.AttributeType.Strings };
        strings.Strings.AddRange([ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("")]);
        custom.Attribute.Add(strings);
        var body = new GraphProto { Name = "body" };
        body.Node.Add(new NodeProto { OpType = "Relu", Input = { "u" }, Output = { "v" } });
        custom.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = body });
        var tensors = new AttributeProto { Name = "ts", Type = AttributeProto.Types.AttributeType.Tensors };
        tensors.Tensors.Add(Raw("", TensorElementType.Float, BitConverter.GetBytes(2f), 1));
        custom.Attribute.Add(tensors);
        custom.Attribute.Add(new AttributeProto
        {
            Name = "sparse", Type = AttributeProto.Types.AttributeType.SparseTensor,
            SparseTensor = new SparseTensorProto { Values = Raw("", TensorElementType.Float, BitConverter.GetBytes(3f), 1), Indices = Raw("", TensorElementType.Int64, BitConverter.GetBytes(2L), 1), Dims = { 4 } },
        });
        graph.Node.Add(custom);
        graph.Node.Add(new NodeProto { Name = "relu", OpType = "Relu", Input = { "x" }, Output = { "y" } });

        var model = new ModelProto { IrVersion = 8, ProducerName = "exporter", ProducerVersion = "2.1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "someone" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "license", Value = "MIT" });
        return model;
    }

    private static TensorProto Raw(string name, TensorElementType type, byte[] bytes, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static void AssertSameAttribute(NodeAttribute a, NodeAttribute b, string what)
    {
        Assert.True(a.Kind == b.Kind, $"{what}: kind {b.Kind}, expected {a.Kind}");
        Assert.True(BitConverter.SingleToInt32Bits(a.Float) == BitConverter.SingleToInt32Bits(b.Float), $"{what}: float differs");
        Assert.Equal(a.Int, b.Int);
        Assert.Equal(a.String, b.String);
        Assert.Equal(a.Floats.Select(BitConverter.SingleToInt32Bits), b.Floats.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(a.Ints, b.Ints);
        Assert.Equal(a.Strings, b.Strings);
        Assert.Equal(a.Tensor is null, b.Tensor is null);
        if (a.Tensor is not null) TestTensors.AssertBitEqual(a.Tensor, b.Tensor!, what);
        Assert.Equal(a.Original, b.Original); // protobuf messages compare by value
    }

    private static readonly IEqualityComparer<ValueInfo> ValueInfoComparer = EqualityComparer<ValueInfo>.Create(
        (p, q) => p!.Name == q!.Name && p.ElementType == q.ElementType && Equals(p.Shape, q.Shape),
        v => v.Name.GetHashCode());
}
