namespace ConvLens.Reporting;

/// <summary>
/// How a layer and channel were chosen automatically (the demo's choice), for the page to explain: the
/// rule in words and the candidates' scores, best first.
/// </summary>
/// <param name="Explanation">The rule and its outcome, in a sentence or two.</param>
/// <param name="ScoreName">What a candidate's score is ("selectivity: top-5 mean ÷ median").</param>
/// <param name="Candidates">The best-scoring channels (the chosen one first): channel and score.</param>
/// <param name="LayerRule">How the layer was picked.</param>
public sealed record LabReportChannelChoice(string Explanation, string ScoreName, IReadOnlyList<(int Channel, double Score)> Candidates, string LayerRule)
{
    /// <summary>The <c>convlens report</c> command that studies the same channel by name, or null.</summary>
    public string? ReportCommand { get; init; }
}
