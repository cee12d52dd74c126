using Xunit;

namespace ConvLens.Tests.Browser;

/// <summary>The browser tests share one chromium and run one at a time (two cores: pages compete with the model).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
