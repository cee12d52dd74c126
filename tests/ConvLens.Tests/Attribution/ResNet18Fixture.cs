using ConvLens.Models;
using ConvLens.Runtime;

namespace ConvLens.Tests.Attribution;

/// <summary>The packaged ResNet18 with its preprocessing (pixels 0..255 in), opened once for a test class.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public const int ImageSeed = 5;

    public ResNet18Fixture()
    {
        Network = ModelLoader.Open(TestFiles.ResNet18);
        Image = new FloatTensor(AttributionImages.Smooth(ImageSeed, 224, 224), 1, 3, 224, 224);
        var pooled = Network.Activations(Image, Pooled)[Pooled].Data;
        ActiveChannel = Array.IndexOf(pooled, pooled.Max());
    }

    /// <summary>The network's output: 512 channels of pooled 7 × 7 features.</summary>
    public const string Pooled = "Pooling395_Output_0";

    /// <summary>The pooled channel most active on <see cref="Image"/>: a target whose maps are not all zero.</summary>
    public int ActiveChannel { get; }

    /// <summary>The network (input: RGB pixels 0..255, 224 × 224).</summary>
    public Network Network { get; }

    /// <summary>A smooth random picture (seed <see cref="ImageSeed"/>).</summary>
    public FloatTensor Image { get; }

    public void Dispose() => Network.Dispose();
}
