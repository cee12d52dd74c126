using System.Globalization;
using System.Text.RegularExpressions;

namespace ConvLens.Graph;

/// <summary>
/// Names the children of a PyTorch Sequential that left no node in the export: a BatchNorm folded into
/// the Conv before it, a Dropout or Identity in eval. Child <c>P.k</c> missing between <c>P.k-1</c> and
/// <c>P.k+1</c>, where <c>P.k+1</c> reads <c>P.k-1</c>'s output, names that value: the identity's output,
/// or the folded BatchNorm's (the merged conv+BN output).
/// </summary>
internal static partial class SequentialGaps
{
    [GeneratedRegex(@"^(?<parent>.+)\.(?<index>\d+)$")]
    private static partial Regex NumberedChild();

    /// <summary>The aliases of the missing children.</summary>
    /// <param name="modulePaths">The module-path aliases found so far (each name unique).</param>
    /// <param name="reads">Whether the module of the given path reads the given value.</param>
    public static List<ValueAlias> Find(IReadOnlyList<ValueAlias> modulePaths, Func<string, string, bool> reads)
    {
        var byName = modulePaths.Where(a => a.Kind == AliasKind.ModulePath).ToDictionary(a => a.Name, StringComparer.Ordinal);
        var found = new List<ValueAlias>();
        foreach (var alias in byName.Values)
        {
            if (NumberedChild().Match(alias.Name) is not { Success: true } match
                || !long.TryParse(match.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long index)) continue;
            var parent = match.Groups["parent"].Value;
            var gap = $"{parent}.{index + 1}";
            var next = $"{parent}.{index + 2}";
            if (!byName.ContainsKey(gap) && byName.ContainsKey(next) && reads(next, alias.Value))
                found.Add(alias with { Name = gap });
        }
        return found;
    }
}
