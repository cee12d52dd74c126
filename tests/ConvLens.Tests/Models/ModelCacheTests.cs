using ConvLens.Models;
using Xunit;

namespace ConvLens.Tests.Models;

public sealed class ModelCacheTests
{
    [Theory]
    [InlineData("vgg19", "vgg19_weights_tf_dim_ordering_tf_kernels.h5", "convlens fetch vgg19")]
    [InlineData("vgg19_notop", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", "convlens fetch vgg19 --notop")]
    [InlineData("VGG16", "vgg16_weights_tf_dim_ordering_tf_kernels.h5", "convlens fetch vgg16")]
    [InlineData("vgg16-notop", "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "convlens fetch vgg16 --notop")]
    public void NamesMapToKerasFilesAndFetchCommands(string name, string file, string command)
    {
        var weights = KnownWeights.Find(name)!;
        Assert.Equal(file, weights.FileName);
        Assert.Equal(command, weights.FetchCommand);
        Assert.Equal($"https://storage.googleapis.com/tensorflow/keras-applications/{weights.Architecture}/{file}", weights.Url);
        Assert.Equal("md5", ModelFetcher.ChecksumAlgorithm(weights.FileHash));
    }

    [Fact]
    public void GetPicksTheFileWithOrWithoutTheTop()
    {
        Assert.Equal("vgg19_notop", KnownWeights.Get("vgg19", includeTop: false).Name);
        Assert.Equal("vgg16", KnownWeights.Get("VGG16", includeTop: true).Name);
        var error = Assert.Throws<ConvLensException>(() => KnownWeights.Get("resnet50", includeTop: true));
        Assert.Contains("vgg19, vgg16", error.Message);
    }

    [Fact]
    public void AMissingFileGivesTheExactFetchCommand()
    {
        var cache = new ModelCache(TestFiles.TempFolder());

        var error = Assert.Throws<ConvLensException>(() => cache.Resolve("vgg19_notop"));

        Assert.Contains("run `convlens fetch vgg19 --notop`", error.Message);
        Assert.Contains("`convlens fetch vgg19 --notop --from FILE`", error.Message);
        Assert.Contains(Path.Combine(cache.Directory, "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"), error.Message);
    }

    [Fact]
    public void ACachedFileResolvesToItsPath()
    {
        var cache = new ModelCache(TestFiles.TempFolder());
        var path = Path.Combine(cache.Directory, "vgg16_weights_tf_dim_ordering_tf_kernels.h5");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(path, cache.Resolve("vgg16"));
        Assert.True(cache.Contains(KnownWeights.Find("vgg16")!));
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ConvLensException>(() => new ModelCache(TestFiles.TempFolder()).Resolve("alexnet"));
        Assert.Contains("vgg19, vgg19_notop, vgg16, vgg16_notop", error.Message);
        Assert.False(ModelCache.IsModelName("alexnet"));
        Assert.True(ModelCache.IsModelName("vgg19"));
    }

    [Fact]
    public void TheDefaultFolderIsAModelsFolderUnderTheHome() =>
        Assert.Equal("models", Path.GetFileName(ModelCache.DefaultDirectory()));
}
