using System.Diagnostics;

namespace ConvLens.Bench.Infrastructure;

/// <summary>
/// Times several cases in alternation (A B A B …) so that drift — thermal throttling, another process
/// waking up — lands on all of them alike and their ratio stays meaningful.
/// </summary>
public static class InterleavedTimer
{
    /// <summary>
    /// Warms every case up <paramref name="warmup"/> times (first runs plan memory and pack weights),
    /// then runs <paramref name="runs"/> rounds of one run per case.
    /// </summary>
    /// <param name="cases">The cases compared.</param>
    /// <param name="warmup">Untimed runs per case.</param>
    /// <param name="runs">Timed runs per case.</param>
    /// <param name="pauseMs">
    /// Sleep before each timed run, so the idle threads of the previous case's ONNX Runtime session stop
    /// spinning and do not steal cores from the next one (two sessions with spinning threads slow each other).
    /// </param>
    /// <param name="progress">Receives a line per round.</param>
    public static TimingSamples[] Measure(IReadOnlyList<ITimedCase> cases, int warmup, int runs, int pauseMs, Action<string>? progress = null)
    {
        for (int w = 0; w < warmup; w++)
            foreach (var c in cases) c.RunOnce();
        var times = cases.Select(_ => new List<double>(runs)).ToArray();
        for (int r = 0; r < runs; r++)
        {
            for (int i = 0; i < cases.Count; i++)
            {
                if (pauseMs > 0) Thread.Sleep(pauseMs);
                long start = Stopwatch.GetTimestamp();
                cases[i].RunOnce();
                times[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            progress?.Invoke($"      round {r + 1}/{runs}: " + string.Join(", ", cases.Select((c, i) => $"{c.Label} {times[i][^1]:F1} ms")));
        }
        return times.Select(t => new TimingSamples(t)).ToArray();
    }
}
