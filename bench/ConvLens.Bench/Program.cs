using ConvLens.Bench;

// Benchmarks are run by hand (see bench/README.md); each subcommand is one benchmark.
return BenchCommandLine.Run(args);
