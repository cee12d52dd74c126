using System.Diagnostics;
using ConvLens.Reporting.Html;

namespace ConvLens.Reporting;

/// <summary>
/// Runs a report's stages in order, timing each, and turns each stage's own progress (a fraction of
/// itself) into one progress bar for the whole run, weighting stages by their expected time.
/// </summary>
internal sealed class LabReportStages
{
    private readonly Dictionary<string, double> _weights;
    private readonly double _total;
    private readonly IProgress<LabReportProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly List<StageTiming> _timings = [];
    private double _done;

    /// <summary>A run of the stages in <paramref name="plan"/> (name and expected seconds).</summary>
    public LabReportStages(IEnumerable<(string Stage, double Weight)> plan, IProgress<LabReportProgress>? progress, CancellationToken cancellation)
    {
        _weights = plan.ToDictionary(p => p.Stage, p => Math.Max(0, p.Weight));
        _total = Math.Max(1e-9, _weights.Values.Sum());
        _progress = progress;
        _cancellation = cancellation;
    }

    /// <summary>Wall time of each stage run so far, in order.</summary>
    public IReadOnlyList<StageTiming> Timings => _timings;

    /// <summary>Runs <paramref name="work"/> as stage <paramref name="stage"/>; it reports its own fraction and detail.</summary>
    public T Run<T>(string stage, Func<Action<double, string>, T> work)
    {
        _cancellation.ThrowIfCancellationRequested();
        double weight = _weights.GetValueOrDefault(stage);
        double reached = 0;
        void Report(double fraction, string detail)
        {
            // A stage's own estimate may fall back (a pass it did not foresee); the bar never does.
            reached = Math.Max(reached, Math.Clamp(fraction, 0, 1));
            _progress?.Report(new LabReportProgress(stage, detail, Math.Clamp((_done + weight * reached) / _total, 0, 1)));
        }
        Report(0, "");
        var clock = Stopwatch.StartNew();
        var result = work(Report);
        _timings.Add(new StageTiming(stage, clock.Elapsed));
        Report(1, "done");
        _done += weight;
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as stage <paramref name="stage"/>.</summary>
    public void Run(string stage, Action<Action<double, string>> work) => Run<bool>(stage, report => { work(report); return true; });
}
