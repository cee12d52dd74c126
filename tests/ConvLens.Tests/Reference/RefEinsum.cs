using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Reference Einsum: every combination of index values is visited and the operands' product is added
/// to the output element its output indices name. Ellipses become fresh letters aligned at the right
/// (a size of 1 broadcasts); the implicit form's output is the letters used once, in alphabetical order,
/// after the ellipsis.
/// </summary>
internal static class RefEinsum
{
    /// <summary>The Einsum of <paramref name="operands"/> by the node's <c>equation</c>.</summary>
    public static RefTensor Einsum(Node node, IReadOnlyList<RefTensor> operands)
    {
        var equation = node.String("equation", "").Replace(" ", "");
        var sides = equation.Split("->");
        var terms = sides[0].Split(',');
        if (terms.Length != operands.Count) throw new ArgumentException($"reference {node}: '{equation}' has {terms.Length} operands, the node {operands.Count}");
        int ellipsisRank = terms.Select((t, i) => t.Contains("...") ? operands[i].Rank - (t.Length - 3) : 0).DefaultIfEmpty(0).Max();
        var ellipsis = new string(Enumerable.Range(0, ellipsisRank).Select(k => (char)('0' + k)).ToArray());
        string Expanded(string term, int rank) =>
            term.Contains("...") ? term.Replace("...", ellipsis[(ellipsisRank - (rank - (term.Length - 3)))..]) : term;
        var letters = terms.Select((t, i) => Expanded(t, operands[i].Rank)).ToArray();
        string output = sides.Length > 1
            ? Expanded(sides[1], sides[1].Length - 3 + ellipsisRank)
            : ellipsis + new string(letters.SelectMany(l => l).Where(ch => !char.IsDigit(ch))
                .GroupBy(ch => ch).Where(g => g.Count() == 1).Select(g => g.Key).Order().ToArray());

        var size = new Dictionary<char, long>();
        for (int i = 0; i < operands.Count; i++)
            for (int a = 0; a < letters[i].Length; a++)
                if (operands[i].Shape[a] != 1 || !size.ContainsKey(letters[i][a]))
                    size[letters[i][a]] = operands[i].Shape[a];
        var all = size.Keys.ToArray();
        var allShape = all.Select(ch => size[ch]).ToArray();
        var y = new RefTensor(output.Select(ch => size[ch]).ToArray());
        long total = allShape.Aggregate(1L, (p, d) => p * d);
        for (long flat = 0; flat < total; flat++)
        {
            var index = RefTensor.IndexOf(flat, allShape);
            long Of(char ch, long dim) => dim == 1 ? 0 : index[Array.IndexOf(all, ch)];
            double product = 1;
            for (int i = 0; i < operands.Count; i++)
                product *= operands[i][letters[i].Select((ch, a) => Of(ch, operands[i].Shape[a])).ToArray()];
            y[output.Select(ch => Of(ch, size[ch])).ToArray()] += product;
        }
        return y;
    }
}
