namespace ConvLens.Circuits;

/// <summary>
/// The input channels of a target ranked by their measured contribution on a dataset, set against the
/// weight-only ranking.
/// </summary>
/// <param name="Entries">Every input channel of the target's group, by data rank.</param>
/// <param name="SpearmanCorrelation">Spearman's rank correlation between the two rankings over all input channels (1: the same order; NaN with fewer than two channels).</param>
/// <param name="TopOverlap">How many of the top-k by data are also in the top-k by weights.</param>
/// <param name="Top">The k of <paramref name="TopOverlap"/>.</param>
/// <param name="Images">Images measured.</param>
/// <param name="Positions">Output positions averaged over (images × height × width).</param>
public sealed record ContributionRanking(IReadOnlyList<ContributionEntry> Entries, double SpearmanCorrelation, int TopOverlap, int Top, int Images, long Positions)
{
    /// <summary>The top entries by data.</summary>
    public IReadOnlyList<ContributionEntry> TopEntries => Entries.Take(Top).ToList();

    /// <summary>The entry of global input channel <paramref name="inputChannel"/>.</summary>
    public ContributionEntry EntryOf(int inputChannel) => Entries.First(e => e.InputChannel == inputChannel);

    /// <summary>
    /// Ranks the measured <paramref name="contributions"/> (per group-local input, as
    /// <see cref="ConvInputStatistics.MeanContributions"/> gives them) and compares them with
    /// <paramref name="kernels"/>' ranking. The data score follows the kernel metric: the signed
    /// contribution for <see cref="KernelRankMetric.Mean"/>, its magnitude otherwise.
    /// </summary>
    public static ContributionRanking Compare(KernelAnalysis kernels, double[] contributions, int images, long positions) =>
        Compare(kernels.Slices, kernels.Metric, kernels.Top, kernels.Target.Conv.FirstInputOf(kernels.Target.Channel), contributions, images, positions);

    /// <summary>
    /// Ranks <paramref name="contributions"/> (index 0 is global input channel <paramref name="firstInput"/>)
    /// against the weight ranking <paramref name="slices"/> made with <paramref name="metric"/>.
    /// </summary>
    public static ContributionRanking Compare(IReadOnlyList<KernelSlice> slices, KernelRankMetric metric, int top, int firstInput,
        double[] contributions, int images, long positions)
    {
        if (contributions.Length != slices.Count)
            throw new ArgumentException($"{contributions.Length} contributions for {slices.Count} input channels", nameof(contributions));
        var score = DataScore(metric);
        var byChannel = slices.ToDictionary(s => s.InputChannel);
        var entries = contributions
            .Select((c, local) => (Channel: firstInput + local, Contribution: c))
            .OrderByDescending(e => score(e.Contribution)).ThenBy(e => e.Channel)
            .Select((e, i) => new ContributionEntry(e.Channel, i + 1, byChannel[e.Channel].Rank, e.Contribution, byChannel[e.Channel].Score))
            .ToList();
        top = Math.Min(top, entries.Count);
        var dataTop = entries.Take(top).Select(e => e.InputChannel).ToHashSet();
        int overlap = slices.OrderBy(s => s.Rank).Take(top).Count(s => dataTop.Contains(s.InputChannel));
        double rho = RankCorrelation.Spearman(entries.Select(e => e.WeightScore).ToArray(), entries.Select(e => score(e.Contribution)).ToArray());
        return new ContributionRanking(entries, rho, overlap, top, images, positions);
    }

    /// <summary>What the data ranking sorts by: the signed contribution for <see cref="KernelRankMetric.Mean"/>, its size otherwise.</summary>
    public static Func<double, double> DataScore(KernelRankMetric metric) => metric == KernelRankMetric.Mean ? c => c : Math.Abs;
}
