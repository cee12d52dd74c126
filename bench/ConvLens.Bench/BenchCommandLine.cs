using ConvLens.Bench.Core;

namespace ConvLens.Bench;

/// <summary>Dispatches <c>ConvLens.Bench &lt;benchmark&gt; [options]</c> to the benchmark of that name.</summary>
public static class BenchCommandLine
{
    /// <summary>Every benchmark, by subcommand; later benchmarks are added here.</summary>
    private static IReadOnlyList<IBenchmark> Benchmarks() => [new CoreBenchmark(), new Dataset.DatasetBenchmark(), new Attribution.AttributionBenchmark(), new Visualization.VisualizationBenchmark(), new Zoo.ZooBenchmark()];

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var benchmarks = Benchmarks();
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" or "list")
        {
            PrintUsage(benchmarks);
            return args.Length == 0 ? 1 : 0;
        }
        var benchmark = benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (benchmark is null)
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
            return 1;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args.Skip(1), benchmark.Options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{benchmark.Name}: {e.Message}");
            Console.Error.WriteLine(benchmark.Usage);
            return 1;
        }
        if (options.Flag("help"))
        {
            Console.WriteLine(benchmark.Usage);
            return 0;
        }
        return benchmark.Run(options, args);
    }

    private static void PrintUsage(IReadOnlyList<IBenchmark> benchmarks)
    {
        Console.WriteLine("usage: dotnet run -c Release --project bench/ConvLens.Bench -- <benchmark> [options]");
        Console.WriteLine();
        foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-10} {b.Summary}");
        Console.WriteLine();
        Console.WriteLine("`<benchmark> --help` lists a benchmark's options; bench/README.md explains the numbers.");
    }
}
