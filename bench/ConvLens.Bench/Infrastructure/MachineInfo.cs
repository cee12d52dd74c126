using System.Runtime.InteropServices;

namespace ConvLens.Bench.Infrastructure;

/// <summary>What the results depend on: the CPU (and whether it has AVX-512), cores, memory, runtime versions.</summary>
public sealed record MachineInfo(string CpuModel, bool Avx512, bool Avx2, int LogicalCores, long MemoryBytes, string Os, string DotNet)
{
    /// <summary>Reads <c>/proc/cpuinfo</c> and <c>/proc/meminfo</c> where they exist (Linux).</summary>
    public static MachineInfo Detect()
    {
        string model = RuntimeInformation.ProcessArchitecture.ToString();
        string flags = "";
        if (File.Exists("/proc/cpuinfo"))
        {
            var lines = File.ReadLines("/proc/cpuinfo").ToList();
            model = Field(lines, "model name") ?? model;
            flags = Field(lines, "flags") ?? "";
        }
        var flagSet = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        long memory = 0;
        if (File.Exists("/proc/meminfo") && Field(File.ReadLines("/proc/meminfo").ToList(), "MemTotal") is { } total)
            memory = long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) * 1024;
        return new MachineInfo(model, flagSet.Contains("avx512f"), flagSet.Contains("avx2"), Environment.ProcessorCount, memory,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1-minute load average (other processes competing for the cores), or null off Linux.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;

    /// <summary>The process's peak working set so far, in MiB.</summary>
    public static double PeakWorkingSetMiB()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>The process's working set now, in MiB, after a full garbage collection (so it shows what is kept, not litter).</summary>
    public static double WorkingSetMiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }

    /// <summary>One line describing the machine.</summary>
    public string Describe() =>
        $"{CpuModel}; {(Avx512 ? "AVX-512" : Avx2 ? "AVX2, no AVX-512" : "no AVX2")}; {LogicalCores} logical cores; {MemoryBytes / 1073741824.0:F1} GiB; {Os}; {DotNet}";

    private static string? Field(List<string> lines, string key) =>
        lines.FirstOrDefault(l => l.StartsWith(key) && l.Contains(':')) is { } line ? line[(line.IndexOf(':') + 1)..].Trim() : null;
}
