using System.Diagnostics;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Models.Keras;
using ConvLens.Runtime;
using ConvLens.Tests.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace ConvLens.Tests.Models.Keras;

/// <summary>Full-size VGG19 (143.7 M parameters, about 550 MB per file): opt-in, with --filter "Category=Slow".</summary>
[Trait("Category", "Slow")]
public sealed class KerasFullSizeTests(ITestOutputHelper output)
{
    // Both sides run float32 in ONNX Runtime on the same weights; they differ in the order of fc1's
    // 25 088-term sums and in kernel layout, which moves logits by ~1e-6 of the largest. 1e-4 is far
    // above that and far below the error of any misplaced weight.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Vgg19InEachKerasLayoutGivesTheLogitsOfTheSameWeightsRunAsOnnx()
    {
        const int seed = 61;
        var clock = Stopwatch.StartNew();
        var vgg = KerasTestVgg.Random(VggVariant.Vgg19, includeTop: true, widthDivisor: 1, imageSize: 224, classes: 1000, seed);
        var input = FloatTensor.Zeros(1, 3, 224, 224).FillNormal(new Random(seed), 50f);
        var folder = TestFiles.TempFolder();
        try
        {
            Log(clock, "random weights");
            var referencePath = Path.Combine(folder, "keras-semantics.onnx");
            OnnxModelWriter.WriteFile(KerasSemanticsOnnx.Build(vgg), referencePath);
            var expected = OrtReference.Run(referencePath, input.Data, [1, 3, 224, 224])["logits"];
            File.Delete(referencePath);
            Log(clock, "reference ONNX written and run in plain ONNX Runtime");

            foreach (var layout in new[] { KerasWeightLayout.Keras1, KerasWeightLayout.Keras2 })
            {
                var path = Path.Combine(folder, $"vgg19_{layout}.h5");
                KerasH5Writer.Write(path, vgg.Layers, layout);
                Log(clock, $"{layout}: wrote {new FileInfo(path).Length / 1e6:F0} MB");
                var model = KerasModelReader.Read(path);
                Log(clock, $"{layout}: read");
                File.Delete(path);
                using var network = Network.FromModel(model);
                var actual = network.Activations(input, "predictions_logits")["predictions_logits"];
                Log(clock, $"{layout}: forward pass");
                double error = OrtReference.RelativeError(actual.Data, expected);
                Assert.True(error < Tolerance, $"{layout}: logits differ by {error:G3} of the largest (seed {seed})");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Log(Stopwatch clock, string step) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {step}");
}
