using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class TransformSpecParserTests
{
    [Theory]
    [InlineData("standard")]
    [InlineData(" Lucid ")]
    [InlineData("pad:12,jitter:8,scale:0.9-1.1,rotate:10,jitter:4")]
    [InlineData("PAD:12, jitter:8 ,scale:0.90-1.10, rotate:10/5, jitter:4")]
    public void TheStandardSpecsAllGiveLucidsPipeline(string spec)
    {
        Assert.Equal("pad:12,jitter:8,scale:0.9-1.1,rotate:10,jitter:4", TransformSpecParser.Parse(spec).ToString());
        Assert.Equal(StandardTransforms.Lucid().ToString(), TransformSpecParser.Parse(spec).ToString());
    }

    [Fact]
    public void NoneIsTheEmptyPipeline()
    {
        Assert.Empty(TransformSpecParser.Parse("none").Transforms);
        Assert.Equal("none", TransformPipeline.None.ToString());
    }

    [Theory]
    [InlineData("pad:4/0.25")]
    [InlineData("scale:0.8-1.2/0.1")]
    [InlineData("scale:1.05")]
    [InlineData("rotate:5/0,jitter:2")]
    [InlineData("jitter:16,pad:2")]
    public void EverySpecReadsBackToItself(string spec)
    {
        Assert.Equal(spec, TransformSpecParser.Parse(spec).ToString());
    }

    [Fact]
    public void ParsedValuesReachTheTransforms()
    {
        var transforms = TransformSpecParser.Parse("pad:3/0.1,jitter:2,scale:0.8-1.2/0.1,rotate:4/1").Transforms;
        var pad = Assert.IsType<PadTransform>(transforms[0]);
        Assert.Equal((3, 0.1f), (pad.Padding, pad.FillValue));
        Assert.Equal(2, Assert.IsType<JitterTransform>(transforms[1]).Amount);
        Assert.Equal(new[] { 0.8, 0.9, 1.0, 1.1, 1.2 }, Assert.IsType<RandomScaleTransform>(transforms[2]).Scales);
        Assert.Equal(10, Assert.IsType<RandomRotateTransform>(transforms[3]).AnglesDegrees.Count);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("pad:12,blur:3", "'blur:3'")]
    [InlineData("pad:x", "'x' is not a whole number")]
    [InlineData("jitter", "'jitter'")]
    [InlineData("jitter:", "no value")]
    [InlineData("pad:12,,jitter:4", "empty step")]
    [InlineData("jitter:-2", "'jitter:-2'")]
    [InlineData("scale:1.1-0.9", "'scale:1.1-0.9'")]
    [InlineData("scale:0.9-1.1/0.03", "whole number of 0.03 steps")]
    [InlineData("rotate:12.5", "'12.5' is not a whole number")]
    public void ABadSpecIsAUserErrorNamingTheBadPart(string spec, string named)
    {
        var error = Assert.Throws<ConvLensException>(() => TransformSpecParser.Parse(spec));
        Assert.Contains(named, error.Message);
        Assert.Contains("--transforms", error.Message);
    }
}
