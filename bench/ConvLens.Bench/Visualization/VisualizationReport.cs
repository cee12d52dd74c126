using System.Globalization;

namespace ConvLens.Bench.Visualization;

/// <summary>The <c>visualize</c> benchmark's Markdown: one table of times and ratios, then how the two engines' results compare.</summary>
public static class VisualizationReport
{
    /// <summary>The report; <paramref name="peer"/> null when PyTorch was skipped or failed (<paramref name="peerNote"/> says why).</summary>
    public static string Build(ForwardTimes forward, RecipeTimes ours, RecipePeerResult? peer, string peerNote, string layer, int channel)
    {
        double plain = forward.PlainOrt.Median;
        string Torch(Func<RecipePeerResult, double> ms) => peer is null ? "—" : F0(ms(peer));
        string Ratio(double convLensMs, Func<RecipePeerResult, double> ms) => peer is null ? "—" : F2(convLensMs / ms(peer));
        string TorchForwards(Func<RecipePeerResult, double> ms) => peer is null ? "—" : F1(ms(peer) / peer.ForwardMs);
        var rows = new List<string>
        {
            $"| what | ConvLens ms | ConvLens × plain-ORT forward | PyTorch ms | PyTorch × its forward | ConvLens/PyTorch |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            $"| one forward to {layer}, plain ONNX Runtime (batch 1, median of {forward.PlainOrt.Milliseconds.Count}, ±{forward.PlainOrt.RelativeSpread * 100:F0}%) | {F1(plain)} | 1.0 | | | |",
            $"| one forward to {layer}, ConvLens (interleaved with the above) | {F1(forward.ConvLens.Median)} | {F2(forward.ConvLens.Median / plain)} | {(peer is null ? "—" : F1(peer.ForwardMs))} | 1.0 | {Ratio(forward.ConvLens.Median, p => p.ForwardMs)} |",
            $"| notebook recipe, {ours.Notebook.Steps} steps | {F0(ours.NotebookMs)} | {F1(ours.NotebookMs / plain)} | {Torch(p => p.NotebookMs)} | {TorchForwards(p => p.NotebookMs)} | {Ratio(ours.NotebookMs, p => p.NotebookMs)} |",
            $"| modern recipe, {ours.Modern.Steps} steps (Fourier, decorrelated, transforms, Adam, redirect {ours.Modern.RedirectSteps}) | {F0(ours.ModernMs)} | {F1(ours.ModernMs / plain)} | {Torch(p => p.ModernMs)} | {TorchForwards(p => p.ModernMs)} | {Ratio(ours.ModernMs, p => p.ModernMs)} |",
            $"| notebook recipe, PyTorch computing the whole layer (as the notebook does); last column: ConvLens above ÷ this | | | {Torch(p => p.NotebookWholeLayerMs)} | {TorchForwards(p => p.NotebookWholeLayerMs)} | {Ratio(ours.NotebookMs, p => p.NotebookWholeLayerMs)} |",
            $"| modern recipe, PyTorch computing the whole layer (as Lucent does); last column: ConvLens above ÷ this | | | {Torch(p => p.ModernWholeLayerMs)} | {TorchForwards(p => p.ModernWholeLayerMs)} | {Ratio(ours.ModernMs, p => p.ModernWholeLayerMs)} |",
        };
        double single = ours.ChannelBatchMs.GetValueOrDefault(1, double.NaN);
        double peerSingle = peer?.ChannelBatchMs.GetValueOrDefault(1, double.NaN) ?? double.NaN;
        foreach (var (batch, ms) in ours.ChannelBatchMs)
        {
            string what = batch == 1 ? "16 single runs" : $"batches of {batch}";
            string speedUp = batch == 1 ? "" : $"; speed-up over single runs ConvLens {F2(single / ms)}×" +
                (peer?.ChannelBatchMs.TryGetValue(batch, out var p) == true ? $", PyTorch {F2(peerSingle / p)}×" : "");
            rows.Add($"| 16 channels × {ours.BatchSteps} notebook steps, {what}{speedUp} | {F0(ms)} | {F1(ms / plain)} | {Torch(r => r.ChannelBatchMs[batch])} | " +
                $"{TorchForwards(r => r.ChannelBatchMs[batch])} | {Ratio(ms, r => r.ChannelBatchMs[batch])} |");
        }
        var notes = new List<string>
        {
            $"PyTorch peer: {peerNote}.",
            $"Both engines compute only the objective's channels of {layer}'s convolution (ConvLens's ChannelSlicer; in PyTorch a convolution " +
            "cut to those channels), except in the two whole-layer rows; a batch computes the union of its items' channels.",
        };
        var ourNotebook = ours.NotebookImage.Curve;
        var ourModern = ours.ModernImage.Curve;
        if (peer is not null)
        {
            notes.Add($"Notebook recipe, same start image and weights in both engines: objective (mean of {layer}:{channel}) " +
                $"ConvLens {F3(ourNotebook[0])} → {F3(ourNotebook[^1])}, PyTorch {F3(peer.NotebookCurve[0])} → {F3(peer.NotebookCurve[^1])}; " +
                $"after the first step the two images differ by {peer.NotebookFirstStepDifference:0.0e+0} of the step's length, after the last by " +
                $"{peer.NotebookFinalDifference:0.0e+0} of the distance the ascent moved the image (float32 rounding at the first step; " +
                "each step feeds the last one's differences back in, and ReLU and max-pool switches turn small differences into larger ones).");
            notes.Add($"Modern recipe (random transforms drawn by each engine's own generator, so the images differ; the network work per step is " +
                "the same; ConvLens's final scoring pass also runs the backward pass, PyTorch's does not, ≈ 1/64 of a run): " +
                $"final objective ConvLens {F3(ourModern[^1])}, PyTorch {F3(peer.ModernCurve[^1])}.");
        }
        notes.Add("All times are one whole run each, after a one-step warm-up run that compiles sessions and plans memory; ratios > 1 in the last column mean ConvLens is slower.");
        return string.Join("\n", rows) + "\n\n" + string.Join("\n", notes.Select(n => "- " + n));
    }

    private static string F0(double v) => v.ToString("F0", CultureInfo.InvariantCulture);

    private static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    private static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string F3(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
