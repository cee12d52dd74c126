using ConvLens.Autodiff;
using ConvLens.Autodiff.Rules;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Guided backprop and Lucid's gradient redirect on a hand-computed example (masks and selections
/// only, so the values are exact), and the immutability of the default registry.
/// </summary>
public class ReluOverridesTests
{
    /// <summary>
    /// Three batch items of four units. Item 0 has active units; item 1 is all inactive; item 2 has a
    /// unit at exactly 0 and the rest inactive.
    /// </summary>
    private static readonly float[] X =
    [
        -1f, 2f, -3f, 0.5f,
        -1f, -2f, -3f, -0.5f,
        0f, -1f, -2f, -3f,
    ];

    /// <summary>The incoming gradient dy, of an objective to maximise.</summary>
    private static readonly float[] Dy =
    [
        1f, 2f, 3f, -4f,
        1f, -2f, 3f, -4f,
        -1f, 5f, 2f, -1f,
    ];

    [Fact]
    public void PlainReluPassesTheGradientOfActiveUnitsOnly()
    {
        float[] expected =
        [
            0f, 2f, 0f, -4f,
            0f, 0f, 0f, 0f,
            0f, 0f, 0f, 0f,   // x = 0 is not active for the plain rule (y > 0)
        ];
        Assert.Equal(expected, ReluGradient(GradientRegistry.Default));
    }

    [Fact]
    public void GuidedBackpropAlsoDropsNegativeGradients()
    {
        float[] expected =
        [
            0f, 2f, 0f, 0f,   // differs from plain Relu: the active unit with dy = −4 is dropped
            0f, 0f, 0f, 0f,
            0f, 0f, 0f, 0f,
        ];
        Assert.Equal(expected, ReluGradient(GradientRegistry.GuidedBackprop));
    }

    [Fact]
    public void RedirectPassesUpwardGradientsOnlyWhereNothingElseGetsThrough()
    {
        float[] expected =
        [
            // Item 0: something passes the plain gradient, so it is used as is.
            0f, 2f, 0f, -4f,
            // Item 1: all inactive, plain gradient zero: dy passes where it is positive (raising x
            // would raise the objective) and stays blocked where negative.
            1f, 0f, 3f, 0f,
            // Item 2: Lucid's plain gradient passes at x = 0 (it blocks x < 0 only), so the item is
            // not blocked and keeps its plain gradient: −1 at the unit at 0.
            -1f, 0f, 0f, 0f,
        ];
        Assert.Equal(expected, ReluGradient(GradientRegistry.GradientRedirect));
    }

    [Fact]
    public void RedirectOnARank1InputIsRefused()
    {
        var b = new GraphBuilder();
        b.Output(b.Node("Relu", [b.Input("x", 4)], "relu").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("relu")], ["x"], registry: GradientRegistry.GradientRedirect));
        Assert.Contains("batch axis", e.Message);
    }

    [Fact]
    public void OverridingReluLeavesTheDefaultRegistryUnchanged()
    {
        var guided = GradientRegistry.GuidedBackprop;
        var custom = GradientRegistry.Default.With("Relu", ReluOverrides.Redirect);

        Assert.Equal<GradientRule?>(ActivationGradients.Relu, GradientRegistry.Default.Find("Relu")!.Rule);
        Assert.Equal<GradientRule?>(ReluOverrides.Guided, guided.Find("Relu")!.Rule);
        Assert.Equal<GradientRule?>(ReluOverrides.Redirect, custom.Find("Relu")!.Rule);
        // The default registry still computes the plain gradient after the others were made and used.
        ReluGradient(guided);
        Assert.Equal(ReluGradient(GradientRegistry.Default), ReluGradient(GradientRegistry.Default.With("Relu", ActivationGradients.Relu)));
        Assert.NotEqual(ReluGradient(guided), ReluGradient(GradientRegistry.Default));
    }

    private static float[] ReluGradient(GradientRegistry registry)
    {
        var b = new GraphBuilder();
        b.Output(b.Node("Relu", [b.Input("x", Dim.Sym("N"), 4)], "relu").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("relu")], ["x"], registry: registry);
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats(X, 3, 4),
            [gg.SeedInputs["relu"]] = RefTensor.FromFloats(Dy, 3, 4),
        };
        return OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]].ToFloats();
    }
}
