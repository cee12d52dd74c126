namespace ConvLens.Bench;

/// <summary>One benchmark, run as a subcommand of the bench program.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand, such as <c>core</c>.</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Summary { get; }

    /// <summary>The options the benchmark accepts (without dashes); a name ending in '!' is a flag.</summary>
    IReadOnlyList<string> Options { get; }

    /// <summary>Help text listing the options.</summary>
    string Usage { get; }

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    /// <param name="options">The parsed options.</param>
    /// <param name="commandLine">The raw arguments (benchmark name first), recorded with the results.</param>
    int Run(BenchOptions options, IReadOnlyList<string> commandLine);
}
