using System.Collections;
using System.Globalization;

namespace ConvLens.Models;

/// <summary>
/// The 1000 ImageNet (ILSVRC 2012) classes in the standard index order, embedded in the library. The
/// descriptions come from <c>dist/imagenet_classes.js</c> of the npm package
/// <c>@tensorflow-models/mobilenet</c> 2.1.1 (Google LLC, Apache-2.0), converted once into
/// <c>Models/Data/imagenet-classes.tsv</c>; the short name is the first synonym of the description.
/// The file has no WordNet ids (<c>n01440764</c>…), so predictions carry index, name and description.
/// </summary>
public sealed class ImageNetLabels : IReadOnlyList<ClassificationLabel>
{
    /// <summary>Number of ImageNet classes.</summary>
    public const int ClassCount = 1000;

    private const string ResourceName = "ConvLens.Models.Data.imagenet-classes.tsv";

    private readonly ClassificationLabel[] _labels;

    private ImageNetLabels(ClassificationLabel[] labels) => _labels = labels;

    /// <summary>Reads the embedded label file.</summary>
    public static ImageNetLabels Load()
    {
        using var stream = typeof(ImageNetLabels).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource '{ResourceName}' is missing from the ConvLens assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader, ResourceName);
    }

    /// <summary>
    /// Parses the label format: <c>#</c> comment lines, then one <c>index TAB name TAB description</c>
    /// line per class, indices 0…999 in order.
    /// </summary>
    /// <exception cref="ConvLensException">A line is malformed, out of order, or classes are missing.</exception>
    internal static ImageNetLabels Parse(TextReader reader, string source)
    {
        var labels = new List<ClassificationLabel>(ClassCount);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split('\t');
            if (fields.Length != 3 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new ConvLensException($"{source}:{lineNumber}: expected 'index<TAB>name<TAB>description', found '{line}'");
            if (index != labels.Count)
                throw new ConvLensException($"{source}:{lineNumber}: expected class {labels.Count}, found class {index}");
            labels.Add(new ClassificationLabel(index, fields[1], fields[2]));
        }
        if (labels.Count != ClassCount)
            throw new ConvLensException($"{source}: expected {ClassCount} classes, found {labels.Count}");
        return new ImageNetLabels(labels.ToArray());
    }

    /// <summary>The class at <paramref name="index"/> (0…999).</summary>
    public ClassificationLabel this[int index] => _labels[index];

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <summary>
    /// Classes whose name or one of whose synonyms equals <paramref name="text"/> (ignoring case and
    /// treating <c>_</c> as a space, so Keras's <c>tiger_cat</c> finds <c>tiger cat</c>).
    /// </summary>
    public IReadOnlyList<ClassificationLabel> Find(string text)
    {
        var wanted = text.Replace('_', ' ').Trim();
        return _labels.Where(l => l.Description.Split(',').Any(s => string.Equals(s.Trim(), wanted, StringComparison.OrdinalIgnoreCase))).ToArray();
    }

    /// <inheritdoc />
    public IEnumerator<ClassificationLabel> GetEnumerator() => ((IEnumerable<ClassificationLabel>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
