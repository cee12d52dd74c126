using ConvLens.Models;

namespace ConvLens.Cli.Explorer;

/// <summary>What the explorer says about an uploaded image.</summary>
internal sealed record ExplainResult(string Name, int Width, int Height, ClassificationPrediction[]? Predictions, string Layer, int Channel,
    double ActivationMax, double ActivationMean, byte[] ActivationOverlay, string Target, string? CamLayer, byte[] CamOverlay, string CamCaption, string ActivationCaption);
