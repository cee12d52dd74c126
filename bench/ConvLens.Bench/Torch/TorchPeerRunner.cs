using System.Diagnostics;

namespace ConvLens.Bench.Torch;

/// <summary>Runs a PyTorch peer script (<c>bench/torch_*.py</c>) with Debian's Python (which has <c>python3-torch</c>).</summary>
public static class TorchPeerRunner
{
    /// <summary>Debian's interpreter: the one <c>apt-get install python3-torch</c> installs into (not a pyenv shim).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    /// <summary>The torch version when <paramref name="python"/> can import it, else null and why not.</summary>
    public static (string? Version, string Problem) Probe(string python)
    {
        try
        {
            var (code, stdout, stderr) = Execute(python, ["-c", "import torch; print(torch.__version__)"], echoErrors: false);
            if (code == 0) return (stdout.Trim(), "");
            var last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {code}";
            return (null, $"{python} cannot import torch ({last.Trim()})");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"cannot start {python} ({e.Message})");
        }
    }

    /// <summary>Runs the script on an exported folder; its progress is echoed; returns its JSON result line.</summary>
    /// <exception cref="InvalidOperationException">The script failed or printed no result.</exception>
    public static string Run(string python, string script, string folder)
    {
        var (code, stdout, _) = Execute(python, [script, folder], echoErrors: true);
        var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'));
        return json ?? throw new InvalidOperationException($"{script} exited with code {code} and printed no result");
    }

    private static (int Code, string Stdout, string Stderr) Execute(string python, IEnumerable<string> args, bool echoErrors)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            stderr.AppendLine(e.Data);
            if (echoErrors) Console.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.ToString());
    }
}
