using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.345, "12.3")]
    [InlineData(1.5, "1.5")]
    [InlineData(2.0, "2")]
    [InlineData(-0.5, "−0.5")]
    [InlineData(123456.0, "123456")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(double.NaN, "n/a")]
    public void NumbersAreShortAndCultureFree(double value, string expected) =>
        Assert.Equal(expected, HtmlText.Number(value));

    [Fact]
    public void TextFromDataIsEscaped() =>
        Assert.Equal("&lt;script&gt;&amp;&quot;", HtmlText.Encode("<script>&\""));
}
