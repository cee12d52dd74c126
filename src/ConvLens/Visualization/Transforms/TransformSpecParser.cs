using System.Globalization;

namespace ConvLens.Visualization.Transforms;

/// <summary>
/// Reads a <c>--transforms</c> value: <c>standard</c> (Lucid's pipeline, also <c>lucid</c>), <c>none</c>,
/// or comma-separated steps applied in order — <c>pad:N</c> or <c>pad:N/FILL</c>, <c>jitter:N</c>,
/// <c>scale:LO-HI</c> (steps of 0.02), <c>scale:LO-HI/STEP</c> or <c>scale:S</c>, and <c>rotate:D</c>
/// (whole degrees −D..D with 0 given 5 extra chances) or <c>rotate:D/EXTRA</c>. Case and spaces do not matter.
/// Every pipeline's <see cref="TransformPipeline.ToString"/> made from these parses back to the same pipeline.
/// </summary>
public static class TransformSpecParser
{
    private const string Expected = "expected pad:N, jitter:N, scale:LO-HI, rotate:DEGREES, or the whole spec 'standard' or 'none'";

    /// <summary>The pipeline <paramref name="spec"/> describes; a bad spec throws a <see cref="ConvLensException"/> naming the bad part.</summary>
    public static TransformPipeline Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new ConvLensException($"--transforms is empty: {Expected}");
        string whole = spec.Trim().ToLowerInvariant();
        if (whole is "none") return TransformPipeline.None;
        if (whole is "standard" or "lucid") return StandardTransforms.Lucid();
        return new TransformPipeline(whole.Split(',').Select(part => ParseStep(part.Trim(), spec)).ToArray());
    }

    private static IImageTransform ParseStep(string part, string spec)
    {
        if (part.Length == 0) throw Bad(part, spec, "an empty step (two commas in a row, or a trailing comma)");
        int colon = part.IndexOf(':');
        if (colon < 0) throw Bad(part, spec, "no ':' between the transform's name and its value");
        string name = part[..colon].Trim(), value = part[(colon + 1)..].Trim();
        if (value.Length == 0) throw Bad(part, spec, $"no value after '{name}:'");
        try
        {
            return name switch
            {
                "pad" => ParsePad(value, part, spec),
                "jitter" => new JitterTransform(Integer(value, part, spec)),
                "scale" => ParseScale(value, part, spec),
                "rotate" => ParseRotate(value, part, spec),
                _ => throw Bad(part, spec, $"unknown transform '{name}'"),
            };
        }
        catch (ConvLensException e) when (!e.Message.StartsWith("--transforms", StringComparison.Ordinal))
        {
            // A constructor's own range check: say which part of the spec it came from.
            throw Bad(part, spec, e.Message);
        }
    }

    private static IImageTransform ParsePad(string value, string part, string spec)
    {
        var (first, second) = SplitOnce(value, '/');
        return second is null
            ? new PadTransform(Integer(first, part, spec))
            : new PadTransform(Integer(first, part, spec), (float)Number(second, part, spec));
    }

    private static IImageTransform ParseScale(string value, string part, string spec)
    {
        var (range, step) = SplitOnce(value, '/');
        // The range's '-' is the first one after a digit, so a negative (invalid) bound still parses and gets a clear message.
        int dash = range.IndexOf('-', 1);
        if (dash < 0)
        {
            if (step is not null) throw Bad(part, spec, "a step needs a range, as in scale:0.9-1.1/0.05");
            return new RandomScaleTransform(new[] { Number(range, part, spec) });
        }
        double low = Number(range[..dash], part, spec), high = Number(range[(dash + 1)..], part, spec);
        return new RandomScaleTransform(low, high, step is null ? 0.02 : Number(step, part, spec));
    }

    private static IImageTransform ParseRotate(string value, string part, string spec)
    {
        var (degrees, extra) = SplitOnce(value, '/');
        return extra is null
            ? new RandomRotateTransform(Integer(degrees, part, spec))
            : new RandomRotateTransform(Integer(degrees, part, spec), Integer(extra, part, spec));
    }

    private static (string First, string? Second) SplitOnce(string value, char separator)
    {
        int at = value.IndexOf(separator);
        return at < 0 ? (value, null) : (value[..at].Trim(), value[(at + 1)..].Trim());
    }

    private static int Integer(string text, string part, string spec) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Bad(part, spec, $"'{text}' is not a whole number");

    private static double Number(string text, string part, string spec) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw Bad(part, spec, $"'{text}' is not a number");

    private static ConvLensException Bad(string part, string spec, string problem) =>
        new($"--transforms '{spec}': step '{part}': {problem}; {Expected}");
}
