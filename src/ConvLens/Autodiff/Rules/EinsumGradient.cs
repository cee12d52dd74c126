using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rule of Einsum, any number of operands. With the ellipses written out as fresh letters
/// (ranks are static), the gradient of operand i is itself an Einsum: dy (output letters) with the
/// other operands, to operand i's letters. A letter of operand i found nowhere else was summed over
/// in the forward pass, and one of static size 1 may have been broadcast: both are left out of the
/// gradient's Einsum (so it sums over them) and put back with Unsqueeze and Expand. Size-1 axes of
/// the other operands are squeezed first, since ONNX Einsum broadcasts only within ellipses. An
/// operand whose own letters repeat (a diagonal, "ii->i") is refused.
/// </summary>
internal static class EinsumGradient
{
    /// <summary>d(operand i) = Einsum(dy, the other operands) to operand i's letters, then expanded where it was summed or broadcast.</summary>
    public static IEnumerable<Node> Einsum(GradientContext c)
    {
        var equation = c.Node.String("equation", "");
        var ranks = Enumerable.Range(0, c.Node.Inputs.Count).Select(i => c.InputShape(i).Rank).ToArray();
        var (terms, output) = Letters(c, equation, ranks);
        for (int i = 0; i < terms.Length; i++)
        {
            if (!c.NeedsInputGrad(i)) continue;
            if (terms[i].Distinct().Count() != terms[i].Length)
                throw new ConvLensException($"cannot differentiate {c.Node} with respect to '{c.Input(i)}': its letters in the equation '{equation}' repeat (a diagonal), which has no gradient rule");
            foreach (var node in OperandGradient(c, terms, output, i)) yield return node;
        }
    }

    private static IEnumerable<Node> OperandGradient(GradientContext c, string[] terms, string output, int wrt)
    {
        var inputs = new List<string> { c.OutputGrad(0)! };
        var inputTerms = new List<string> { output };
        for (int j = 0; j < terms.Length; j++)
        {
            if (j == wrt) continue;
            var dims = c.InputShape(j);
            var ones = Enumerable.Range(0, terms[j].Length).Where(a => dims[a] is { IsKnown: true, Value: 1 }).ToArray();
            if (ones.Length == 0)
            {
                inputs.Add(c.Input(j));
                inputTerms.Add(terms[j]);
                continue;
            }
            var squeeze = c.Op("Squeeze", c.Input(j), c.Constant(ones.Select(a => (long)a).ToArray()));
            yield return squeeze;
            inputs.Add(squeeze.Outputs[0]);
            inputTerms.Add(new string(terms[j].Where((_, a) => !ones.Contains(a)).ToArray()));
        }

        var term = terms[wrt];
        var own = c.InputShape(wrt);
        var available = new HashSet<char>(inputTerms.SelectMany(t => t));
        var dropped = Enumerable.Range(0, term.Length)
            .Where(a => !available.Contains(term[a]) || own[a] is { IsKnown: true, Value: 1 }).ToArray();
        var kept = new string(term.Where((_, a) => !dropped.Contains(a)).ToArray());
        var equation = $"{string.Join(",", inputTerms)}->{kept}";
        if (dropped.Length == 0)
        {
            yield return c.Op("Einsum", inputs, [c.InputGrad(wrt)]).With("equation", equation);
            yield break;
        }
        var partial = c.Op("Einsum", inputs.ToArray()).With("equation", equation);
        yield return partial;
        bool expand = dropped.Any(a => own[a] is not { IsKnown: true, Value: 1 });
        var unsqueezed = c.Unsqueeze(partial.Outputs[0], dropped.Select(a => (long)a).ToArray(), expand ? c.Temp("unsqueezed") : c.InputGrad(wrt));
        yield return unsqueezed;
        if (!expand) yield break;
        var shape = own.IsFullyKnown ? c.Constant(own.ToLongs()) : null;
        if (shape is null)
        {
            var runtimeShape = c.Op("Shape", c.Input(wrt));
            yield return runtimeShape;
            shape = runtimeShape.Outputs[0];
        }
        yield return c.Op("Expand", [unsqueezed.Outputs[0], shape], [c.InputGrad(wrt)]);
    }

    /// <summary>
    /// Each operand's letters and the output's, ellipses replaced by letters the equation does not use
    /// (right-aligned, as ellipsis dimensions broadcast); the implicit output is the ellipsis followed by
    /// the letters used once, in alphabetical order.
    /// </summary>
    private static (string[] Terms, string Output) Letters(GradientContext c, string equation, int[] ranks)
    {
        var compact = equation.Replace(" ", "");
        var sides = compact.Split("->");
        var terms = sides[0].Split(',');
        bool Valid(string t) => t.Replace("...", "").All(char.IsAsciiLetter) && t.Split("...").Length <= 2;
        if (sides.Length > 2 || terms.Length != ranks.Length || !terms.All(Valid) || sides.Length == 2 && !Valid(sides[1]))
            throw new ConvLensException($"{c.Node}: cannot read the Einsum equation '{equation}' for its {ranks.Length} operands");
        var used = compact.Where(char.IsAsciiLetter).ToHashSet();
        int ellipsisRank = terms.Select((t, i) => t.Contains("...") ? ranks[i] - (t.Length - 3) : 0).Max();
        var fresh = new string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".Where(ch => !used.Contains(ch)).Take(ellipsisRank).ToArray());
        if (fresh.Length < ellipsisRank)
            throw new ConvLensException($"{c.Node}: the Einsum equation '{equation}' leaves too few unused letters to name its ellipsis dimensions");
        string WriteOut(string term, int rank)
        {
            if (!term.Contains("...")) return term;
            int count = rank - (term.Length - 3);
            return count < 0
                ? throw new ConvLensException($"{c.Node}: '{term}' in the Einsum equation '{equation}' has more letters than its operand's {rank} axes")
                : term.Replace("...", fresh[(ellipsisRank - count)..]);
        }
        var written = terms.Select((t, i) => WriteOut(t, ranks[i])).ToArray();
        for (int i = 0; i < written.Length; i++)
            if (written[i].Length != ranks[i])
                throw new ConvLensException($"{c.Node}: '{terms[i]}' in the Einsum equation '{equation}' does not match its operand's {ranks[i]} axes");
        if (sides.Length == 2) return (written, WriteOut(sides[1], ellipsisRank + sides[1].Length - (sides[1].Contains("...") ? 3 : 0)));
        var once = terms.SelectMany(t => t.Replace("...", "")).GroupBy(ch => ch).Where(g => g.Count() == 1).Select(g => g.Key).ToList();
        // Runtimes disagree on how upper and lower case sort in the implicit output; an explicit one is unambiguous.
        if (once.Any(char.IsAsciiLetterUpper) && once.Any(char.IsAsciiLetterLower))
            throw new ConvLensException($"cannot differentiate {c.Node}: its implicit Einsum equation '{equation}' mixes upper- and lower-case letters; write the output explicitly ('->')");
        return (written, fresh + new string(once.Order().ToArray()));
    }
}
