namespace ConvLens.Cli.Explorer;

/// <summary>Where a running computation stands, for the page's progress bar (read from request threads).</summary>
internal sealed class JobProgress
{
    private readonly object _lock = new();
    private string _stage = "queued";
    private double _fraction;

    /// <summary>Sets the stage and the fraction of the whole job done.</summary>
    public void Report(string stage, double fraction)
    {
        lock (_lock) (_stage, _fraction) = (stage, Math.Clamp(fraction, 0, 1));
    }

    /// <summary>The stage and fraction, read together.</summary>
    public (string Stage, double Fraction) Read()
    {
        lock (_lock) return (_stage, _fraction);
    }
}
