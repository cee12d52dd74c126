using Xunit;

namespace ConvLens.Tests.Zoo;

/// <summary>The zoo's tests run one at a time: each model is large and every test uses both cores.</summary>
[CollectionDefinition(Name)]
public sealed class ZooCollection
{
    public const string Name = "model zoo";

    /// <summary>In the default run.</summary>
    public static readonly string[] Default = ["mobilenet_v3_small", "shufflenet_v2_x1_0", "googlenet", "convnext_tiny", "efficientnet_b0"];

    /// <summary>Behind the Slow trait.</summary>
    public static readonly string[] Rest =
    [
        "alexnet", "vgg16_bn", "resnet50", "resnext50_32x4d", "wide_resnet50_2", "densenet121", "mnasnet1_0", "squeezenet1_1",
        "regnet_y_400mf", "regnet_x_400mf", "efficientnet_v2_s", "inception_v3", "mobilenet_v2", "mobilenet_v3_large",
    ];
}
