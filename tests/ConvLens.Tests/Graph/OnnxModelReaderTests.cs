using System.Runtime.InteropServices;
using ConvLens.Graph;
using ConvLens.Graph.Proto;
using Google.Protobuf;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// <see cref="OnnxModelReader"/> on hand-written <c>ModelProto</c>s (every way a tensor can be stored) and
/// on broken files, each of which must give a <see cref="ConvLensException"/> naming the file.
/// </summary>
public sealed class OnnxModelReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-reader-").FullName;

    /// <summary>Where the hand-written models go: one level below <see cref="_dir"/>, so '../' has somewhere to point.</summary>
    private string ModelDir => Directory.CreateDirectory(Path.Combine(_dir, "model")).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Raw_data_initializer_is_read_bit_exact()
    {
        float[] values = [1.5f, -0f, float.Epsilon, float.NaN, 3e38f, -2.25f];
        var w = new TensorProto { Name = "w", DataType = (int)TensorElementType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        w.Dims.AddRange([2, 3]);
        var model = OnnxModelReader.Read(ModelReading(w).ToByteArray());

        var t = model.Graph.Initializers["w"];
        Assert.Equal([2L, 3], t.Dims);
        Assert.True(MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(t.Bytes.Span));
    }

    [Fact]
    public void Typed_fields_float_int64_int32_and_double_are_read()
    {
        var f = Tensor("f", TensorElementType.Float, 3);
        f.FloatData.AddRange([1f, -2.5f, 1e-30f]);
        var l = Tensor("l", TensorElementType.Int64, 2);
        l.Int64Data.AddRange([long.MinValue, 42]);
        var i = Tensor("i", TensorElementType.Int32, 2, 1);
        i.Int32Data.AddRange([int.MaxValue, -7]);
        var d = Tensor("d", TensorElementType.Double, 2);
        d.DoubleData.AddRange([Math.PI, -1e300]);
        var model = OnnxModelReader.Read(ModelReading(f, l, i, d).ToByteArray());

        var g = model.Graph.Initializers;
        Assert.Equal([1f, -2.5f, 1e-30f], g["f"].ToFloats());
        Assert.Equal([long.MinValue, 42L], g["l"].ToInt64s());
        Assert.Equal(TensorElementType.Int32, g["i"].ElementType);
        Assert.Equal([2L, 1], g["i"].Dims);
        Assert.Equal([(long)int.MaxValue, -7L], g["i"].ToInt64s());
        Assert.Equal([Math.PI, -1e300], MemoryMarshal.Cast<byte, double>(g["d"].Bytes.Span).ToArray());
    }

    [Fact]
    public void External_data_is_read_from_a_side_file_at_its_offset()
    {
        float[] values = [0.25f, -8f, 3f, 1e-3f];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        File.WriteAllBytes(Path.Combine(ModelDir, "weights.bin"), [.. new byte[16].Select((_, k) => (byte)(k + 100)), .. bytes, 1, 2, 3]);
        var w = External("w", "weights.bin", offset: 16, length: bytes.Length, 2, 2);
        string path = WriteModel(ModelReading(w));

        var model = OnnxModelReader.ReadFile(path);
        Assert.Equal(values, model.Graph.Initializers["w"].ToFloats());
        Assert.Equal([2L, 2], model.Graph.Initializers["w"].Dims);
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("/etc/hostname")]
    public void External_data_outside_the_model_folder_is_refused(string location)
    {
        File.WriteAllBytes(Path.Combine(_dir, "outside.bin"), new byte[16]); // present, still refused
        string path = WriteModel(ModelReading(External("secret", location, offset: 0, length: 16, 4)));

        var e = Assert.Throws<ConvLensException>(() => OnnxModelReader.ReadFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'secret'", e.Message);
        Assert.Contains("outside", e.Message);
    }

    [Fact]
    public void Missing_external_data_file_is_reported_with_its_name()
    {
        string path = WriteModel(ModelReading(External("w", "gone.bin", offset: 0, length: 16, 4)));

        var e = Assert.Throws<ConvLensException>(() => OnnxModelReader.ReadFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("gone.bin", e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void Constant_nodes_become_initializers()
    {
        var proto = ModelReading();
        var value = Tensor("", TensorElementType.Int64, 2);
        value.Int64Data.AddRange([3, 4]);
        proto.Graph.Node.Insert(0, ConstantNode("c_tensor", new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value }));
        proto.Graph.Node.Insert(0, ConstantNode("c_float", new AttributeProto { Name = "value_float", Type = AttributeProto.Types.AttributeType.Float, F = 2.5f }));
        var ints = new AttributeProto { Name = "value_ints", Type = AttributeProto.Types.AttributeType.Ints };
        ints.Ints.AddRange([1, -1]);
        proto.Graph.Node.Insert(0, ConstantNode("c_ints", ints));
        foreach (var c in new[] { "c_tensor", "c_float", "c_ints" }) proto.Graph.Node.Add(Identity(c, c + "_out"));

        var model = OnnxModelReader.Read(proto.ToByteArray());
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Constant");
        Assert.Equal([3L, 4], model.Graph.Initializers["c_tensor"].ToInt64s());
        Assert.Equal([2.5f], model.Graph.Initializers["c_float"].ToFloats());
        Assert.Empty(model.Graph.Initializers["c_float"].Dims);
        Assert.Equal([1L, -1], model.Graph.Initializers["c_ints"].ToInt64s());
    }

    [Fact]
    public void Initializers_listed_as_graph_inputs_in_ir3_style_are_not_runtime_inputs()
    {
        var w = Tensor("w", TensorElementType.Float, 2, 3);
        w.FloatData.AddRange(new float[6]);
        var proto = ModelReading(w);
        proto.IrVersion = 3;
        proto.Graph.Input.Add(FloatInfo("w", 2, 3));

        var model = OnnxModelReader.Read(proto.ToByteArray());
        Assert.Equal(["x"], model.Graph.Inputs.Select(i => i.Name));
        Assert.True(model.Graph.Initializers.ContainsKey("w"));
    }

    [Fact]
    public void Packaged_resnet18_reads_with_its_cntk_structure()
    {
        var model = OnnxModelReader.ReadFile(TestFiles.ResNet18);
        var counts = model.Graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(74, model.Graph.Nodes.Count);
        Assert.Equal(22, counts["Conv"]);
        Assert.Equal(22, counts["BatchNormalization"]);
        var input = model.Graph.Inputs.Single();
        Assert.Equal("Input247", input.Name);
        Assert.Equal(TensorShape.Of(1, 3, 224, 224), input.Shape);
        Assert.Equal("Pooling395_Output_0", model.Graph.Outputs.Single().Name);
    }

    [Fact]
    public void Truncated_file_is_reported_with_its_path()
    {
        var bytes = File.ReadAllBytes(TestFiles.ResNet18);
        string path = Path.Combine(_dir, "half.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertRefused(path);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_are_reported_with_the_path(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        string path = Path.Combine(_dir, $"noise{seed}.onnx");
        File.WriteAllBytes(path, bytes);
        AssertRefused(path, $"seed {seed}");
    }

    [Fact]
    public void Empty_file_is_reported_with_its_path()
    {
        string path = Path.Combine(_dir, "empty.onnx");
        File.WriteAllBytes(path, []);
        AssertRefused(path);
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        string path = Path.Combine(_dir, "nowhere", "model.onnx");
        var e = AssertRefused(path);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Node_reading_a_missing_value_is_reported_with_the_file_node_and_value()
    {
        var proto = ModelReading();
        proto.Graph.Node.Add(new NodeProto { Name = "add1", OpType = "Add", Input = { "x", "bias_missing" }, Output = { "z" } });
        string path = WriteModel(proto);

        var e = AssertRefused(path);
        Assert.Contains("add1", e.Message);
        Assert.Contains("bias_missing", e.Message);
    }

    private static ConvLensException AssertRefused(string path, string context = "")
    {
        var e = Assert.Throws<ConvLensException>(() => OnnxModelReader.ReadFile(path));
        Assert.True(e.Message.Contains(path), $"{context} message does not name the file: {e.Message}");
        return e;
    }

    /// <summary>A model <c>y = Relu(x)</c> with extra initializers, each read by an Identity node so that it belongs to the graph.</summary>
    private static ModelProto ModelReading(params TensorProto[] initializers)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(FloatInfo("x", 2, 3));
        graph.Node.Add(new NodeProto { Name = "relu", OpType = "Relu", Input = { "x" }, Output = { "y" } });
        graph.Output.Add(FloatInfo("y", 2, 3));
        foreach (var t in initializers)
        {
            graph.Initializer.Add(t);
            graph.Node.Add(Identity(t.Name, t.Name + "_out"));
        }
        var model = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    private static TensorProto Tensor(string name, TensorElementType type, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)type };
        t.Dims.AddRange(dims);
        return t;
    }

    private static TensorProto External(string name, string location, long offset, long length, params long[] dims)
    {
        var t = Tensor(name, TensorElementType.Float, dims);
        t.DataLocation = TensorProto.Types.DataLocation.External;
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString() });
        t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString() });
        return t;
    }

    private static NodeProto ConstantNode(string output, AttributeProto value) =>
        new() { Name = output, OpType = "Constant", Output = { output }, Attribute = { value } };

    private static NodeProto Identity(string input, string output) => new() { Name = output, OpType = "Identity", Input = { input }, Output = { output } };

    private static ValueInfoProto FloatInfo(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private string WriteModel(ModelProto proto)
    {
        string path = Path.Combine(ModelDir, "model.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
