using ConvLens.Models;
using ConvLens.Models.Keras;
using PureHDF;
using Xunit;

namespace ConvLens.Tests.Models.Keras;

public sealed class KerasFileErrorTests
{
    private static KerasTestVgg NarrowVgg(VggVariant variant, bool includeTop = true, int seed = 1) =>
        KerasTestVgg.Random(variant, includeTop, widthDivisor: 16, imageSize: 64, classes: 10, seed);

    [Theory]
    [InlineData("block3_conv2", "kernel", "(3, 3, 16, 17)", "(3, 3, 16, 16)")]
    [InlineData("block1_conv1", "bias", "(5)", "(4)")]
    [InlineData("fc2", "kernel", "(256, 250)", "(256, 256)")]
    public void ShapeMismatchNamesTheLayerAndBothShapes(string layer, string kind, string fileShape, string neededShape)
    {
        var vgg = NarrowVgg(VggVariant.Vgg16);
        var rng = new Random(2);
        var layers = vgg.Layers.Select(l => l.Name != layer ? l
            : kind == "bias" ? l with { Bias = new float[5] }
            : KerasTestVgg.Layer(rng, layer, [.. l.KernelDims![..^1], l.KernelDims[^1] + (layer == "fc2" ? -6 : 1)], fanIn: 1) with { Bias = l.Bias });
        var path = Write(layers);

        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains($"layer '{layer}' {kind}", e.Message);
        Assert.Contains(fileShape, e.Message);
        Assert.Contains($"VGG16 needs {neededShape}", e.Message);
    }

    [Fact]
    public void TheanoOrderedKernelGetsAHint()
    {
        // Theano-ordered files store (out, in, h, w). The check stops at the first layer, so the other
        // layers only need the right names; their datasets can be tiny.
        var layers = KerasVggShape.ConvLayers(VggVariant.Vgg16).Select(name => name == "block1_conv1"
            ? new KerasTestLayer(name, new float[64 * 27], [64, 3, 3, 3], new float[64])
            : new KerasTestLayer(name, [0f], [1, 1, 1, 1], [0f]));
        var path = Write(layers);

        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));

        Assert.Contains("(64, 3, 3, 3)", e.Message);
        Assert.Contains("(3, 3, 3, 64)", e.Message);
        Assert.Contains("Theano", e.Message);
    }

    [Fact]
    public void LayersOfAnotherModelAreAClearError()
    {
        var rng = new Random(3);
        string[] resnet = ["conv1", "bn_conv1", "res2a_branch2a", "bn2a_branch2a", "res2a_branch2b", "bn2a_branch2b", "res2a_branch2c", "bn2a_branch2c", "res2a_branch1", "fc1000"];
        var layers = resnet.Select(name => KerasTestVgg.Layer(rng, name, [1, 1, 2, 2], fanIn: 2)).Prepend(new KerasTestLayer("input_1"));
        var path = Write(layers);

        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("not a Keras VGG16/VGG19 weight file", e.Message);
        Assert.Contains("block1_conv1", e.Message);
        Assert.Contains("conv1, bn_conv1", e.Message);
        Assert.Contains("10 in all", e.Message);
    }

    [Fact]
    public void Vgg16FileReadAsVgg19NamesTheMissingLayersAndSuggestsVgg16()
    {
        var path = Write(NarrowVgg(VggVariant.Vgg16).Layers);
        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path, VggVariant.Vgg19));
        Assert.Contains("block3_conv4, block4_conv4, block5_conv4", e.Message);
        Assert.Contains("--arch vgg16", e.Message);
    }

    [Fact]
    public void Vgg19FileReadAsVgg16NamesTheExtraLayers()
    {
        var path = Write(NarrowVgg(VggVariant.Vgg19).Layers);
        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path, VggVariant.Vgg16));
        Assert.Contains("block3_conv4, block4_conv4, block5_conv4", e.Message);
        Assert.Contains("VGG16 does not have", e.Message);
        Assert.Contains("--arch vgg19", e.Message);
    }

    [Fact]
    public void PartialTopNamesTheMissingLayer()
    {
        var path = Write(NarrowVgg(VggVariant.Vgg19).Layers.Where(l => l.Name != "predictions"));
        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));
        Assert.Contains("no weights for layer predictions of VGG19", e.Message);
    }

    [Fact]
    public void ExtraLayerIsNamed()
    {
        var vgg = NarrowVgg(VggVariant.Vgg16);
        var path = Write(vgg.Layers.Append(KerasTestVgg.Layer(new Random(4), "dense_1", [10, 2], fanIn: 10)));
        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));
        Assert.Contains("dense_1", e.Message);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void TruncatedFileIsAnErrorNamingTheFile(double keep)
    {
        var whole = File.ReadAllBytes(Write(NarrowVgg(VggVariant.Vgg19).Layers));
        var path = Path.Combine(TestFiles.TempFolder(), "truncated.h5");
        File.WriteAllBytes(path, whole[..(int)(whole.Length * keep)]);

        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("random", "not an HDF5 file")]
    [InlineData("empty", "is empty")]
    [InlineData("missing", "does not exist")]
    [InlineData("onnx", "not an HDF5 file")]
    [InlineData("no-layer-names", "not Keras weights")]
    [InlineData("keras3", "Keras 3")]
    [InlineData("corrupt-middle", "damaged")]
    public void FileThatIsNotKerasWeightsIsAnErrorNamingIt(string kind, string message)
    {
        var path = Path.Combine(TestFiles.TempFolder(), kind + ".h5");
        switch (kind)
        {
            case "random":
                var noise = new byte[4096];
                new Random(5).NextBytes(noise);
                File.WriteAllBytes(path, noise);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "onnx":
                File.Copy(TestFiles.ResNet18, path);
                break;
            case "no-layer-names":
                new H5File { ["data"] = new float[] { 1, 2, 3 } }.Write(path);
                break;
            case "keras3":
                new H5File { ["layers"] = new H5Group(), ["vars"] = new H5Group() }.Write(path);
                break;
            case "corrupt-middle":
                // Overwrite everything after the superblock: the object headers the layer list points to are garbage.
                var bytes = File.ReadAllBytes(Write(NarrowVgg(VggVariant.Vgg16).Layers));
                new Random(6).NextBytes(bytes.AsSpan(96));
                File.WriteAllBytes(path, bytes);
                break;
        }

        var e = Assert.Throws<ConvLensException>(() => KerasModelReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
    }

    private static string Write(IEnumerable<KerasTestLayer> layers)
    {
        var path = Path.Combine(TestFiles.TempFolder(), "weights.h5");
        KerasH5Writer.Write(path, layers, KerasWeightLayout.Keras2);
        return path;
    }
}
