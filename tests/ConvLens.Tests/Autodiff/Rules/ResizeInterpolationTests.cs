using ConvLens.Autodiff.Rules;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// The interpolation matrices against the reference evaluator's Resize (itself checked against ONNX Runtime):
/// for every mode and coordinate transform, A·x must be the reference's 1-D Resize of x.
/// </summary>
public class ResizeInterpolationTests
{
    /// <summary>
    /// The matrix's coordinates are float32 (as the runtime's), the reference's double: weights differ by
    /// ~1e-7 relative and rows sum at most 4 taps of unit-size values. A wrong tap or weight is O(1e-1).
    /// </summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string, string, long, long> Cases()
    {
        var data = new TheoryData<string, string, string, long, long>();
        // (input, output) pairs: enlarging by 2, 1.5 and 2.5, shrinking by 0.5 and 0.75, and to one element. Scales
        // exact in float32 only: an inexact one (1/5) can put a float32 coordinate on a rounding tie the double one misses.
        (long, long)[] sizes = [(4, 8), (6, 9), (2, 5), (8, 4), (8, 6), (4, 1)];
        foreach (var coordinates in new[] { "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn" })
            foreach (var (mode, variant) in new[] { ("nearest", "round_prefer_floor"), ("nearest", "round_prefer_ceil"), ("nearest", "floor"), ("nearest", "ceil"),
                         ("linear", ""), ("cubic", ""), ("cubic", "exclude_outside") })
                foreach (var (input, output) in sizes)
                    data.Add(mode, variant, coordinates, input, output);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatrixTimesXIsTheReferenceResize(string mode, string variant, string coordinates, long input, long output)
    {
        var node = new Node("Resize", [], ["y"]).With("mode", mode).With("coordinate_transformation_mode", coordinates);
        if (mode == "nearest") node.With("nearest_mode", variant);
        if (variant == "exclude_outside") node.With("exclude_outside", 1L);
        // Sizes given: the scale is output / input, in float32 as the runtime computes it.
        float scale = (float)output / input;
        var x = RefTensor.FromFloats(TestModels.RandomNormal(new Random(99), input), input);
        var expected = RefResize.Resize(node, x, RefTensor.FromFloats([scale], 1), null);
        Assert.Equal(output, expected.ElementCount);

        var matrix = ResizeInterpolation.Of(node).Matrix(input, output, scale);
        for (long o = 0; o < output; o++)
        {
            double actual = 0;
            for (long i = 0; i < input; i++) actual += matrix[o * input + i] * x.Data[i];
            Assert.True(Math.Abs(actual - expected.Data[o]) <= Tolerance, $"{mode} {variant} {coordinates} {input}→{output}, output {o}: matrix {actual}, reference {expected.Data[o]}");
        }
    }

    [Fact]
    public void CropAndResizeIsRefusedByName()
    {
        var node = new Node("Resize", ["x", "roi", "scales"], ["y"], "crop").With("coordinate_transformation_mode", "tf_crop_and_resize");
        var e = Assert.Throws<ConvLensException>(() => ResizeInterpolation.Of(node));
        Assert.Contains("'crop'", e.Message);
        Assert.Contains("tf_crop_and_resize", e.Message);
    }
}
