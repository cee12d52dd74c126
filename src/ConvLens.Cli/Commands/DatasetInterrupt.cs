namespace ConvLens.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C into a cancellation the dataset pass observes between batches, so the run stops
/// with the index holding whole batches only; a second Ctrl+C ends the process at once, as usual.
/// </summary>
internal sealed class DatasetInterrupt : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly ConsoleCancelEventHandler _handler;

    /// <summary>Listens for Ctrl+C until disposed; <paramref name="outer"/> (the command's token) cancels too.</summary>
    public DatasetInterrupt(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _handler = (_, e) =>
        {
            if (_source.IsCancellationRequested) return;
            e.Cancel = true;
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Exit code of a run stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int ExitCode = 130;

    /// <summary>Fires on Ctrl+C or when the command is cancelled.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
