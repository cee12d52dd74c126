using ConvLens.Models;
using Xunit;

namespace ConvLens.Tests.Models;

public sealed class ImageNetLabelsTests
{
    [Fact]
    public void TheEmbeddedFileHasTheThousandClassesInStandardOrder()
    {
        var labels = ImageNetLabels.Load();
        Assert.Equal(1000, labels.Count);
        Assert.Equal(Enumerable.Range(0, 1000), labels.Select(l => l.Index));
        Assert.Equal(new ClassificationLabel(0, "tench", "tench, Tinca tinca"), labels[0]);
        Assert.Equal(new ClassificationLabel(281, "tabby", "tabby, tabby cat"), labels[281]);
        Assert.Equal(new ClassificationLabel(999, "toilet tissue", "toilet tissue, toilet paper, bathroom tissue"), labels[999]);
        Assert.All(labels, l => Assert.Equal(l.Description.Split(',')[0].Trim(), l.Name));
    }

    [Fact]
    public void OnlyCraneAndMaillotNameTwoClasses()
    {
        var repeated = ImageNetLabels.Load().GroupBy(l => l.Name).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray());
        Assert.Equal(2, repeated.Count);
        Assert.Equal([134, 517], repeated["crane"]);
        Assert.Equal([638, 639], repeated["maillot"]);
    }

    [Theory]
    [InlineData("tiger_cat", 282)]
    [InlineData("Tabby Cat", 281)]
    [InlineData("bathroom tissue", 999)]
    public void FindMatchesAnySynonymInKerasOrPlainSpelling(string text, int index) =>
        Assert.Equal(index, Assert.Single(ImageNetLabels.Load().Find(text)).Index);

    [Fact]
    public void ParseRejectsClassesOutOfOrderNamingTheLine()
    {
        var text = "# header\n0\ttench\ttench, Tinca tinca\n2\tgreat white shark\tgreat white shark\n";
        var error = Assert.Throws<ConvLensException>(() => ImageNetLabels.Parse(new StringReader(text), "labels.tsv"));
        Assert.Equal("labels.tsv:3: expected class 1, found class 2", error.Message);
    }

    [Fact]
    public void ParseRejectsAShortFile()
    {
        var error = Assert.Throws<ConvLensException>(() => ImageNetLabels.Parse(new StringReader("0\ttench\ttench\n"), "labels.tsv"));
        Assert.Equal("labels.tsv: expected 1000 classes, found 1", error.Message);
    }

    [Fact]
    public void ParseRejectsALineWithoutThreeFields()
    {
        var error = Assert.Throws<ConvLensException>(() => ImageNetLabels.Parse(new StringReader("0 tench\n"), "labels.tsv"));
        Assert.Contains("labels.tsv:1: expected 'index<TAB>name<TAB>description'", error.Message);
    }
}
