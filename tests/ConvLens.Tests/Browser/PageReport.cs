namespace ConvLens.Tests.Browser;

/// <summary>What a browser saw on a page.</summary>
/// <param name="ImageCount">Images on the page.</param>
/// <param name="BrokenImages">Images that did not load (natural width 0), by source (shortened).</param>
/// <param name="MissingSections">Section ids that the page lacks.</param>
/// <param name="ConsoleErrors">Console errors, uncaught exceptions and failed requests.</param>
/// <param name="Screenshot">The full-page screenshot's path.</param>
internal sealed record PageReport(int ImageCount, IReadOnlyList<string> BrokenImages, IReadOnlyList<string> MissingSections, IReadOnlyList<string> ConsoleErrors, string Screenshot);
