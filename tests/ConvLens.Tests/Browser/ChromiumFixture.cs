using Microsoft.Playwright;
using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>
/// One headless Debian chromium for every browser test, driven by Playwright. Never a downloaded
/// browser: the executable is the system's (installed by .ci/run), and the flags keep it off the network.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs chromium: the binary itself first (the wrapper script prints a warning).</summary>
    private static readonly string[] Executables = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The folder screenshots go to: beside the test assembly.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Executables.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"chromium is not installed (looked for {string.Join(", ", Executables)}); .ci/run installs it with apt-get install chromium");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // --no-sandbox: tests run as root, where chromium's sandbox refuses to start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
