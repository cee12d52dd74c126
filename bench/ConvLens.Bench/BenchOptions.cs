namespace ConvLens.Bench;

/// <summary>
/// The <c>--name value</c> options and <c>--flag</c>s of one benchmark. Unknown names are refused so a
/// typo never silently runs the default configuration for a quarter of an hour.
/// </summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values;

    private BenchOptions(Dictionary<string, string?> values) => _values = values;

    /// <summary>Parses <paramref name="args"/> against <paramref name="known"/> (a trailing '!' marks a flag).</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a stray argument.</exception>
    public static BenchOptions Parse(IEnumerable<string> args, IReadOnlyList<string> known)
    {
        var flags = known.Where(k => k.EndsWith('!')).Select(k => k.TrimEnd('!')).Append("help").ToHashSet();
        var valued = known.Where(k => !k.EndsWith('!')).ToHashSet();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--")) throw new ArgumentException($"unexpected argument '{arg}'");
            var name = arg[2..];
            if (flags.Contains(name)) values[name] = null;
            else if (valued.Contains(name))
                values[name] = e.MoveNext() ? e.Current : throw new ArgumentException($"--{name} needs a value");
            else throw new ArgumentException($"unknown option '{arg}'");
        }
        return new BenchOptions(values);
    }

    /// <summary>True when the flag was given.</summary>
    public bool Flag(string name) => _values.ContainsKey(name);

    /// <summary>The option's text, or <paramref name="fallback"/>.</summary>
    public string? Text(string name, string? fallback = null) => _values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The option as an integer of at least <paramref name="minimum"/>, or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">The value is not such an integer.</exception>
    public int? Int(string name, int? fallback = null, int minimum = 1) =>
        _values.TryGetValue(name, out var v) ? Parse(name, v!, minimum) : fallback;

    /// <summary>The option as a comma-separated list of positive integers, or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">An element is not a positive integer.</exception>
    public int[] IntList(string name, int[] fallback) =>
        _values.TryGetValue(name, out var v) ? v!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => Parse(name, s, 1)).ToArray() : fallback;

    private static int Parse(string name, string text, int minimum) =>
        int.TryParse(text, out var n) && n >= minimum ? n : throw new ArgumentException($"--{name} expects integers >= {minimum}, got '{text}'");
}
