namespace ConvLens.Bench.Infrastructure;

/// <summary>One thing that is timed: a single call of <see cref="RunOnce"/> is one measured run.</summary>
public interface ITimedCase
{
    /// <summary>Short name for progress lines.</summary>
    string Label { get; }

    /// <summary>Does the work once, with every buffer prepared beforehand.</summary>
    void RunOnce();
}
